/**
 * Small builders of rows for tests and doc examples: one holder in Paris with a €40 habit, one
 * grocery merchant. Override any field.
 */
import type { CardProfile, Merchant, Transaction } from './schemas.js';

export const T0 = Date.parse('2026-03-02T10:00:00Z');

let seq = 0;

/**
 * A transaction of card `c1` in Paris at `T0`, with any field overridden.
 *
 * @example
 * txFixture({ amount: 900, eventTime: T0 + 60_000 });
 */
export function txFixture(over: Partial<Transaction> = {}): Transaction {
  seq += 1;
  return {
    txId: `tx-${seq}`,
    cardId: 'c1',
    accountId: 'a1',
    amount: 40,
    currency: 'EUR',
    merchantId: 'm-grocer',
    mcc: '5411',
    channel: 'card-present',
    country: 'FR',
    city: 'Paris',
    lat: 48.8566,
    lon: 2.3522,
    deviceId: 'pos-1',
    eventTime: T0,
    ...over,
  };
}

/**
 * The profile of card `c1`: typical spend €40 (ln 40 ≈ 3.69), MAD 0.45 in log space.
 *
 * @example
 * profileFixture({ knownDevices: ['phone-1'] });
 */
export function profileFixture(over: Partial<CardProfile> = {}): CardProfile {
  return {
    cardId: 'c1',
    accountId: 'a1',
    holderName: 'Camille Martin',
    homeCountry: 'FR',
    homeCity: 'Paris',
    homeLat: 48.8566,
    homeLon: 2.3522,
    currency: 'EUR',
    spendLogMedian: Math.log(40),
    spendLogMad: 0.45,
    typicalSpendEur: 40,
    perTxLimitEur: 1500,
    dailyLimitEur: 3000,
    knownDevices: ['phone-1', 'laptop-1'],
    usualMerchants: ['m-grocer'],
    ...over,
  };
}

/**
 * A grocery merchant in Paris that usually sees 3 distinct cards per 5 minutes.
 *
 * @example
 * merchantFixture({ risk: 'high' });
 */
export function merchantFixture(over: Partial<Merchant> = {}): Merchant {
  return {
    merchantId: 'm-grocer',
    name: 'Épicerie du Marais',
    mcc: '5411',
    category: 'Grocery stores',
    risk: 'low',
    online: false,
    country: 'FR',
    city: 'Paris',
    lat: 48.857,
    lon: 2.36,
    usualCardsPer5Min: 3,
    ...over,
  };
}
