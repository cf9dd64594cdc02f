/**
 * Card holders and their habits: home city, usual shops, online shops, devices, how much they
 * spend and how often. Their static profile (the table the pipelines join with) is learned from a
 * history drawn from the same habits, as a bank would compute it from past transactions.
 */
import { StreamlabError } from '@streamlab/core';
import { MCC_TABLE } from '../domain/mcc.js';
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

/** The category's share of a holder's median ticket: `sqrt(typicalEur / 40)` (40 € when unknown). */
function categoryFactor(mcc: string): number {
  const typical = (MCC_TABLE as Record<string, { typicalEur: number }>)[mcc]?.typicalEur ?? 40;
  return Math.sqrt(typical / 40);
}

/** An ordinary amount around `centre` euros (the holder's median ticket times the category's factor). */
function amountAround(centre: number, sigma: number, rng: SimRng): number {
  return Math.max(0.5, Math.round(centre * Math.exp(sigma * truncatedNormal(rng, HABIT_LIMIT_SIGMA)) * 100) / 100);
}

/**
 * One ordinary amount (euros) at a merchant of category `mcc` for a holder.
 *
 * @example
 * ordinaryAmountEur(holder, '5411', rng); // e.g. 31.4
 */
export function ordinaryAmountEur(holder: Pick<Holder, 'baseEur' | 'sigma'>, mcc: string, rng: SimRng): number {
  return amountAround(holder.baseEur * categoryFactor(mcc), holder.sigma, rng);
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
 * What building many profiles reuses: each merchant's category factor, and the buffers of one
 * holder's history (a profile is built from 60 draws; 200,000 profiles must not allocate 200,000
 * arrays, nor look the category up 12 million times).
 */
export interface ProfileScratch {
  /** `categoryFactor` of each merchant, by index. */
  factors: Float64Array;
  logs: Float64Array;
  deviations: Float64Array;
}

/** The scratch space for profiles over `merchants` with histories of `historySize` draws. */
export function profileScratch(merchants: readonly SimMerchant[], historySize = 60): ProfileScratch {
  const factors = new Float64Array(merchants.length);
  for (let i = 0; i < merchants.length; i++) factors[i] = categoryFactor(merchants[i]!.mcc);
  return { factors, logs: new Float64Array(historySize), deviations: new Float64Array(historySize) };
}

/**
 * Moves the `k`-th smallest value (0-based) of `values` to index `k`, smaller or equal values
 * before it, greater or equal after (quickselect: the order is otherwise unspecified).
 */
function selectKth(values: Float64Array, k: number): void {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/**
 * The median of a list, as the engine's `median` computes it (the mean of the two middle values
 * of an even-sized list), by selection instead of a sort; the list's order is changed.
 *
 * @example
 * medianInPlace(Float64Array.of(4, 1, 3, 2)); // 2.5
 */
export function medianInPlace(values: Float64Array): number {
  const n = values.length;
  const mid = n >> 1;
  selectKth(values, mid);
  const upper = values[mid]!;
  if (n % 2 === 1) return upper;
  let lower = values[0]!;
  for (let i = 1; i < mid; i++) if (values[i]! > lower) lower = values[i]!;
  return (lower + upper) / 2;
}

/**
 * The holder's static profile, with the spending habit learned from `historySize` ordinary
 * transactions drawn from their own habits. Building many, pass one {@link profileScratch}.
 *
 * @example
 * profileOf(holder, merchants, rng.fork('history', holder.index));
 */
export function profileOf(
  holder: Holder,
  merchants: readonly SimMerchant[],
  rng: SimRng,
  historySize = 60,
  scratch: ProfileScratch = profileScratch(merchants, historySize),
): CardProfile {
  const { factors, logs, deviations } = scratch;
  if (historySize < 1 || logs.length !== historySize) {
    throw new StreamlabError('FRAUD_BAD_HISTORY', `a profile's history needs a positive size matching its scratch space, got ${historySize}`, {
      value: historySize,
      hint: 'pass profileScratch(merchants, historySize) built for the same historySize',
    });
  }
  for (let k = 0; k < historySize; k++) {
    const useOnline = rng.chance(holder.eShare);
    const m = useOnline ? rng.pick(holder.online) : rng.pick(holder.shops);
    logs[k] = Math.log(amountAround(holder.baseEur * factors[m]!, holder.sigma, rng));
  }
  // median and MAD as robust.ts computes them, on reused buffers (order does not matter to either)
  const med = medianInPlace(logs);
  for (let k = 0; k < historySize; k++) deviations[k] = Math.abs(logs[k]! - med);
  const spread = medianInPlace(deviations);
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
    spendLogMad: Math.max(0.1, spread),
    typicalSpendEur: Math.round(typical * 100) / 100,
    perTxLimitEur: Math.round(Math.max(500, typical * 30) / 50) * 50,
    dailyLimitEur: Math.round(Math.max(1500, typical * 60) / 50) * 50,
    knownDevices: holder.devices,
    usualMerchants: [...holder.shops, ...holder.online].map((i) => merchants[i]!.merchantId),
  };
}
