/**
 * Look-up pools of the payments example, built once at start-up with faker (seeded per pool), so
 * the per-record step only picks from arrays.
 */
import type { SetupContext } from '../../model.js';

/** A merchant category: code, name, typical ticket (EUR) and whether it sells online. */
export interface Category {
  mcc: string;
  name: string;
  medianEur: number;
  online: boolean;
  risk: 'low' | 'medium' | 'high';
}

export const CATEGORIES: readonly Category[] = [
  { mcc: '5411', name: 'grocery', medianEur: 38, online: false, risk: 'low' },
  { mcc: '5812', name: 'restaurant', medianEur: 27, online: false, risk: 'low' },
  { mcc: '5814', name: 'fast-food', medianEur: 11, online: false, risk: 'low' },
  { mcc: '5541', name: 'fuel', medianEur: 55, online: false, risk: 'low' },
  { mcc: '5311', name: 'department-store', medianEur: 64, online: false, risk: 'medium' },
  { mcc: '5732', name: 'electronics', medianEur: 180, online: true, risk: 'high' },
  { mcc: '5942', name: 'books', medianEur: 19, online: true, risk: 'low' },
  { mcc: '4121', name: 'taxi', medianEur: 22, online: true, risk: 'low' },
  { mcc: '7995', name: 'gambling', medianEur: 50, online: true, risk: 'high' },
  { mcc: '5944', name: 'jewellery', medianEur: 420, online: false, risk: 'high' },
  { mcc: '6011', name: 'atm', medianEur: 100, online: false, risk: 'medium' },
];

/** A place: a city and its coordinates. */
export interface Place {
  city: string;
  country: string;
  lat: number;
  lon: number;
}

export interface Merchant {
  merchantId: string;
  name: string;
  category: Category;
  place: Place;
}

export interface PaymentPools {
  places: Place[];
  merchants: Merchant[];
  /** Merchants per place, for local shopping. */
  merchantsByPlace: Merchant[][];
  /** High-risk online merchants (where stolen cards get tested). */
  riskyOnline: Merchant[];
}

const COUNTRIES = ['FR', 'DE', 'ES', 'IT', 'NL', 'BE', 'PT', 'IE', 'AT', 'PL'] as const;

/**
 * Builds the pools: 60 places, 600 merchants.
 *
 * @example
 * const pools = paymentPools(setupContext);
 */
export function paymentPools(ctx: SetupContext): PaymentPools {
  const places = ctx.pool('places', 60, (f, i) => ({
    city: f.location.city(),
    country: COUNTRIES[i % COUNTRIES.length]!,
    lat: Math.round(f.location.latitude({ min: 36, max: 58 }) * 1e4) / 1e4,
    lon: Math.round(f.location.longitude({ min: -9, max: 24 }) * 1e4) / 1e4,
  }));
  const merchants = ctx.pool('merchants', 600, (f, i, rng) => ({
    merchantId: `m-${String(i).padStart(4, '0')}`,
    name: f.company.name(),
    category: rng.pick(CATEGORIES),
    place: rng.pick(places),
  }));
  const merchantsByPlace = places.map((p) => merchants.filter((m) => m.place === p));
  const riskyOnline = merchants.filter((m) => m.category.online && m.category.risk === 'high');
  return { places, merchants, merchantsByPlace, riskyOnline };
}
