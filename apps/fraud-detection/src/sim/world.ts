/**
 * The simulated bank's world: its merchants, its card holders and their profiles. Built once from a
 * seed; the simulator draws transactions from it and the pipelines join with its static tables
 * (the same objects), as a real deployment joins with the bank's reference data.
 */
import { StreamlabError } from '@streamlab/core';
import type { CardProfile, Merchant } from '../domain/schemas.js';
import { buildHolders, type Holder, profileOf, profileScratch } from './holders.js';
import { buildMerchants, type SimMerchant } from './merchants.js';
import { buildPools } from './pools.js';
import type { SimRng } from './rng.js';

export interface WorldOptions {
  /** Number of cards (one holder each). */
  cards: number;
  /** Simulated transactions per second at average activity: sets merchant baselines. */
  simRatePerSec: number;
  shops?: number;
  atms?: number;
  online?: number;
}

export interface World {
  merchants: SimMerchant[];
  holders: Holder[];
  /**
   * The static tables the pipelines join with. The profiles are built on first read (the
   * simulator alone never reads them: for 200,000 cards they are most of the world's cost), from
   * their own seeded stream, so they are the same whenever they are read.
   */
  readonly profiles: CardProfile[];
  merchantTable: Merchant[];
  /** Indices into `merchants` by city (home and far-away): shops and ATMs. */
  shopsByCity: Map<string, number[]>;
  atmsByCity: Map<string, number[]>;
  onlineMerchants: number[];
  /** Holder index by card id. */
  holderByCard: Map<string, number>;
}

/** Peak activity over the average (lunch and evening): baselines describe the busiest hour. */
const PEAK = 1.7;

/**
 * Builds the world. Deterministic for a given generator seed and options.
 *
 * @example
 * const world = buildWorld({ cards: 20_000, simRatePerSec: 20 }, new Rng('fraud-world'));
 */
export function buildWorld(opts: WorldOptions, rng: SimRng): World {
  if (!Number.isInteger(opts.cards) || opts.cards < 10) {
    throw new StreamlabError('FRAUD_BAD_WORLD', `a world needs at least 10 cards, got ${opts.cards}`, { value: opts.cards, hint: 'pass cards >= 10' });
  }
  const shops = opts.shops ?? Math.max(300, Math.round(opts.cards / 8));
  const pools = buildPools(rng.int(1 << 30), { names: Math.min(opts.cards, 5000), shops: Math.min(shops, 2000) });
  const merchants = buildMerchants(
    { shops, atms: opts.atms ?? Math.max(30, shops >> 4), online: opts.online ?? Math.max(40, shops >> 5) },
    pools,
    rng.fork('merchants'),
  );
  const holders = buildHolders(opts.cards, merchants, pools, rng.fork('holders'));
  const historyRng = rng.fork('history');
  let profiles: CardProfile[] | undefined;
  const buildProfiles = (): CardProfile[] => {
    const scratch = profileScratch(merchants);
    return holders.map((h) => profileOf(h, merchants, historyRng, 60, scratch));
  };

  const shopsByCity = new Map<string, number[]>();
  const atmsByCity = new Map<string, number[]>();
  const onlineMerchants: number[] = [];
  merchants.forEach((m, i) => {
    if (m.online) onlineMerchants.push(i);
    else {
      const map = m.mcc === '6011' ? atmsByCity : shopsByCity;
      const list = map.get(m.city) ?? [];
      list.push(i);
      map.set(m.city, list);
    }
  });

  // Baselines: expected distinct cards per 5 minutes at peak, from the holders' habits.
  const totalActivity = holders.reduce((s, h) => s + h.activity, 0);
  const expected = new Float64Array(merchants.length);
  for (const h of holders) {
    const perSec = (opts.simRatePerSec * h.activity) / totalActivity;
    const shopShare = (1 - h.eShare - h.atmShare) * 0.9;
    for (const i of h.shops) expected[i] = expected[i]! + (perSec * shopShare) / h.shops.length;
    for (const i of h.online) expected[i] = expected[i]! + (perSec * h.eShare * 0.85) / h.online.length;
  }
  merchants.forEach((m, i) => {
    m.usualCardsPer5Min = Math.round(expected[i]! * 300 * PEAK * 100) / 100;
  });
  const merchantTable: Merchant[] = merchants.map(({ popularity: _p, currency: _c, ...m }) => m);
  return {
    merchants,
    holders,
    get profiles() {
      profiles ??= buildProfiles();
      return profiles;
    },
    merchantTable,
    shopsByCity,
    atmsByCity,
    onlineMerchants,
    holderByCard: new Map(holders.map((h, i) => [h.cardId, i])),
  };
}
