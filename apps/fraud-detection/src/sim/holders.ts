/**
 * Card holders and their habits: home city, usual shops, online shops, devices, how much they
 * spend and how often. Their static profile (the table the pipelines join with) is learned from a
 * history drawn from the same habits, as a bank would compute it from past transactions.
 */
import { MCC_TABLE } from '../domain/mcc.js';
import { mad, median } from '../domain/robust.js';
import type { CardProfile } from '../domain/schemas.js';
import type { SimMerchant } from './merchants.js';
import { HOME_CITIES, jitter, type City } from './places.js';
import type { Pools } from './pools.js';
import { truncatedNormal, WeightedPicker, type SimRng } from './rng.js';

export interface Holder {
  index: number;
  cardId: string;
  accountId: string;
  name: string;
  city: City;
  /** Median ticket in euros before the category adjustment. */
  baseEur: number;
  /** Spread of ln(amount). */
  sigma: number;
  /** Relative activity (transactions per day, up to a global scale). */
  activity: number;
  /** Indices into the merchant table. */
  shops: number[];
  online: number[];
  devices: string[];
  eShare: number;
  atmShare: number;
}

/** Habits are bounded: a holder's ordinary ticket stays within this many sigmas (their budget). */
export const HABIT_LIMIT_SIGMA = 2.5;

/**
 * One ordinary amount (euros) at a merchant of category `mcc` for a holder.
 *
 * @example
 * ordinaryAmountEur(holder, '5411', rng); // e.g. 31.4
 */
export function ordinaryAmountEur(holder: Pick<Holder, 'baseEur' | 'sigma'>, mcc: string, rng: SimRng): number {
  const typical = (MCC_TABLE as Record<string, { typicalEur: number }>)[mcc]?.typicalEur ?? 40;
  const centre = holder.baseEur * Math.sqrt(typical / 40);
  return Math.max(0.5, Math.round(centre * Math.exp(holder.sigma * truncatedNormal(rng, HABIT_LIMIT_SIGMA)) * 100) / 100);
}

function pickDistinct(picker: WeightedPicker, n: number, rng: SimRng, map: (i: number) => number): number[] {
  const out = new Set<number>();
  for (let tries = 0; out.size < n && tries < n * 10; tries++) out.add(map(picker.pick(rng)));
  return [...out];
}

/**
 * Builds `count` holders spread over the home cities, each with usual shops in their city.
 *
 * @example
 * const holders = buildHolders(50_000, merchants, pools, rng);
 */
export function buildHolders(count: number, merchants: readonly SimMerchant[], pools: Pools, rng: SimRng): Holder[] {
  const cityPicker = new WeightedPicker(HOME_CITIES.map((c) => c.weight));
  const shopsByCity = new Map<string, number[]>();
  const online: number[] = [];
  merchants.forEach((m, i) => {
    if (m.online) online.push(i);
    else if (m.mcc !== '6011') {
      const list = shopsByCity.get(m.city) ?? [];
      list.push(i);
      shopsByCity.set(m.city, list);
    }
  });
  const pickers = new Map([...shopsByCity].map(([c, idx]) => [c, new WeightedPicker(idx.map((i) => merchants[i]!.popularity))]));
  const onlinePicker = new WeightedPicker(online.map((i) => merchants[i]!.popularity));
  const holders: Holder[] = [];
  for (let i = 0; i < count; i++) {
    const city = HOME_CITIES[cityPicker.pick(rng)]!;
    const shops = shopsByCity.get(city.city)!;
    const id = i.toString(36).padStart(6, '0');
    holders.push({
      index: i,
      cardId: `card-${id}`,
      accountId: `acc-${id}`,
      name: pools.holderNames[i % pools.holderNames.length]!,
      city,
      baseEur: Math.min(220, Math.max(8, 32 * Math.exp(0.55 * rng.normal()))),
      sigma: rng.range(0.35, 0.65),
      activity: Math.exp(0.4 * rng.normal()),
      shops: pickDistinct(pickers.get(city.city)!, 4 + rng.int(5), rng, (k) => shops[k]!),
      online: pickDistinct(onlinePicker, 1 + rng.int(3), rng, (k) => online[k]!),
      devices: Array.from({ length: 1 + rng.int(3) }, (_, d) => `dev-${id}-${d}`),
      eShare: rng.range(0.1, 0.35),
      atmShare: rng.range(0.03, 0.1),
    });
  }
  return holders;
}

/**
 * The holder's static profile, with the spending habit learned from `historySize` ordinary
 * transactions drawn from their own habits.
 *
 * @example
 * profileOf(holder, merchants, rng.fork('history', holder.index));
 */
export function profileOf(holder: Holder, merchants: readonly SimMerchant[], rng: SimRng, historySize = 60): CardProfile {
  const logs: number[] = [];
  for (let k = 0; k < historySize; k++) {
    const useOnline = rng.chance(holder.eShare);
    const m = merchants[useOnline ? rng.pick(holder.online) : rng.pick(holder.shops)]!;
    logs.push(Math.log(ordinaryAmountEur(holder, m.mcc, rng)));
  }
  const med = median(logs);
  const typical = Math.exp(med);
  const home = jitter(holder.city, 0.3, 0.7);
  return {
    cardId: holder.cardId,
    accountId: holder.accountId,
    holderName: holder.name,
    homeCountry: holder.city.country,
    homeCity: holder.city.city,
    homeLat: home.lat,
    homeLon: home.lon,
    currency: holder.city.currency,
    spendLogMedian: med,
    spendLogMad: Math.max(0.1, mad(logs)),
    typicalSpendEur: Math.round(typical * 100) / 100,
    perTxLimitEur: Math.round(Math.max(500, typical * 30) / 50) * 50,
    dailyLimitEur: Math.round(Math.max(1500, typical * 60) / 50) * 50,
    knownDevices: holder.devices,
    usualMerchants: [...holder.shops, ...holder.online].map((i) => merchants[i]!.merchantId),
  };
}
