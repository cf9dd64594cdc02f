/**
 * The merchant table: shops scattered over each home city, ATMs, and online shops, each with a
 * category code, a risk and a popularity (how many of the city's holders shop there).
 */
import { MCC_TABLE, type Mcc } from '../domain/mcc.js';
import type { Merchant } from '../domain/schemas.js';
import type { Currency } from '../domain/money.js';
import { FAR_CITIES, HOME_CITIES, jitter, type City } from './places.js';
import type { Pools } from './pools.js';
import type { SimRng } from './rng.js';

/** A merchant plus what the simulator needs about it. */
export interface SimMerchant extends Merchant {
  /** Relative popularity (Zipf-like): busy supermarkets vs corner shops. */
  popularity: number;
  /** Currency paid in at this place. */
  currency: Currency;
}

/** Category mix of physical shops. */
const SHOP_MIX: readonly [Mcc, number][] = [
  ['5411', 30],
  ['5812', 20],
  ['5814', 12],
  ['5541', 8],
  ['5912', 8],
  ['5311', 7],
  ['4111', 5],
  ['5732', 4],
  ['7011', 3],
  ['5944', 2],
  ['5999', 1],
];
/** Category mix of online shops. */
const ONLINE_MIX: readonly [Mcc, number][] = [
  ['5999', 50],
  ['5732', 20],
  ['5967', 15],
  ['7011', 10],
  ['4829', 5],
];

function pickMcc(mix: readonly [Mcc, number][], rng: SimRng): Mcc {
  const total = mix.reduce((s, [, w]) => s + w, 0);
  let x = rng.next() * total;
  for (const [mcc, w] of mix) {
    x -= w;
    if (x < 0) return mcc;
  }
  return mix[0]![0];
}

function merchantOf(id: string, name: string, mcc: Mcc, city: City, online: boolean, rng: SimRng): SimMerchant {
  const info = MCC_TABLE[mcc];
  const at = online ? { lat: city.lat, lon: city.lon } : jitter(city, rng.next(), rng.next());
  return {
    merchantId: id,
    name,
    mcc,
    category: info.label,
    risk: info.risk,
    online,
    country: city.country,
    city: city.city,
    ...at,
    usualCardsPer5Min: 0,
    popularity: 1 / (1 + rng.int(20)),
    currency: city.currency,
  };
}

/**
 * Builds shops and ATMs for every home city (in proportion to its share of holders), a few in
 * each far-away city (where cloned cards turn up), and a set of online shops.
 *
 * @example
 * const merchants = buildMerchants({ shops: 3000, atms: 300, online: 120 }, pools, rng);
 */
export function buildMerchants(size: { shops: number; atms: number; online: number }, pools: Pools, rng: SimRng): SimMerchant[] {
  const out: SimMerchant[] = [];
  const totalWeight = HOME_CITIES.reduce((s, c) => s + c.weight, 0);
  let n = 0;
  for (const city of HOME_CITIES) {
    const shops = Math.max(20, Math.round((size.shops * city.weight) / totalWeight));
    for (let i = 0; i < shops; i++) {
      const mcc = pickMcc(SHOP_MIX, rng);
      out.push(merchantOf(`m-${(n++).toString(36).padStart(5, '0')}`, pools.shopNames[n % pools.shopNames.length]!, mcc, city, false, rng));
    }
    const atms = Math.max(3, Math.round((size.atms * city.weight) / totalWeight));
    for (let i = 0; i < atms; i++) {
      out.push(merchantOf(`atm-${(n++).toString(36).padStart(5, '0')}`, `ATM ${city.city} ${i + 1}`, '6011', city, false, rng));
    }
  }
  for (const city of FAR_CITIES) {
    for (let i = 0; i < 6; i++) {
      const id = `${i < 4 ? 'm' : 'atm'}-${(n++).toString(36).padStart(5, '0')}`;
      out.push(
        merchantOf(
          id,
          i < 4 ? pools.shopNames[n % pools.shopNames.length]! : `ATM ${city.city} ${i - 3}`,
          i < 4 ? pickMcc(SHOP_MIX, rng) : '6011',
          city,
          false,
          rng,
        ),
      );
    }
  }
  for (let i = 0; i < size.online; i++) {
    const home = rng.pick(HOME_CITIES);
    const name = pools.onlineShopNames[i % pools.onlineShopNames.length]!;
    out.push(merchantOf(`web-${(n++).toString(36).padStart(5, '0')}`, name, pickMcc(ONLINE_MIX, rng), home, true, rng));
  }
  return out;
}
