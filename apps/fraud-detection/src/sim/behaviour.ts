/**
 * Ordinary behaviour: one genuine transaction of a holder at a given time, following their habits
 * (usual shops, sometimes a new one, online shops from their own devices, ATMs in their city).
 */
import { fromEur } from '../domain/money.js';
import type { Channel, Transaction } from '../domain/schemas.js';
import { ordinaryAmountEur, type Holder } from './holders.js';
import type { SimMerchant } from './merchants.js';
import type { SimRng } from './rng.js';
import type { World } from './world.js';

/** Probability that an online purchase comes from a device the bank has not seen (a new phone). */
export const NEW_DEVICE_RATE = 0.003;

/** The transaction id of the record with stream position `seq`. */
export function txIdOf(seq: number): string {
  return `tx-${seq.toString(36).padStart(7, '0')}`;
}

/**
 * A transaction record at merchant `m` (currency: the holder's for online, the place's otherwise).
 *
 * @example
 * transactionAt(holder, merchant, 'card-present', 42.5, 'pos-1', now, seq);
 */
export function transactionAt(h: Holder, m: SimMerchant, channel: Channel, amountEur: number, deviceId: string, now: number, seq: number): Transaction {
  const currency = m.online ? h.city.currency : m.currency;
  return {
    txId: txIdOf(seq),
    cardId: h.cardId,
    accountId: h.accountId,
    amount: Math.max(0.01, fromEur(amountEur, currency)),
    currency,
    merchantId: m.merchantId,
    mcc: m.mcc,
    channel,
    country: m.country,
    city: m.city,
    lat: m.lat,
    lon: m.lon,
    deviceId,
    eventTime: now,
  };
}

/**
 * One ordinary transaction of holder `h` at `now`.
 *
 * @example
 * ordinaryTransaction(world, holder, now, rng, seq);
 */
export function ordinaryTransaction(world: World, h: Holder, now: number, rng: SimRng, seq: number): Transaction {
  const u = rng.next();
  if (u < h.atmShare) {
    const atms = world.atmsByCity.get(h.city.city)!;
    const m = world.merchants[rng.pick(atms)]!;
    const amount = rng.pick([20, 40, 50, 60, 80, 100, 100, 150, 200]);
    return transactionAt(h, m, 'atm', amount, `term-${m.merchantId}`, now, seq);
  }
  if (u < h.atmShare + h.eShare) {
    const i = rng.chance(0.85) ? rng.pick(h.online) : rng.pick(world.onlineMerchants);
    const m = world.merchants[i]!;
    const device = rng.chance(NEW_DEVICE_RATE) ? `dev-new-${seq.toString(36)}` : rng.pick(h.devices);
    return transactionAt(h, m, 'e-commerce', ordinaryAmountEur(h, m.mcc, rng), device, now, seq);
  }
  const i = rng.chance(0.9) ? rng.pick(h.shops) : rng.pick(world.shopsByCity.get(h.city.city)!);
  const m = world.merchants[i]!;
  return transactionAt(h, m, 'card-present', ordinaryAmountEur(h, m.mcc, rng), `term-${m.merchantId}`, now, seq);
}
