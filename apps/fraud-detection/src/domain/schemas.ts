/**
 * The data of the use case, as zod schemas (validated at the boundary: Kafka, files, the
 * simulator's output) and the TypeScript types inferred from them.
 */
import { z } from 'zod';
import { CURRENCIES } from './money.js';

/** How the card was used. */
export const CHANNELS = ['card-present', 'e-commerce', 'atm'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Event time on the wire: epoch ms, an ISO-8601 string or a Date; always epoch ms once parsed. */
export const eventTimeSchema = z
  .union([z.number().int().nonnegative(), z.iso.datetime({ offset: true }), z.date()])
  .transform((v) => (typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : v.getTime()));

const id = z.string().min(1).max(64);
const countryCode = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as "FR"');
const latitude = z.number().min(-90).max(90);
const longitude = z.number().min(-180).max(180);

/** One card authorisation. */
export const transactionSchema = z.object({
  txId: id,
  cardId: id,
  accountId: id,
  amount: z.number().positive().finite(),
  currency: z.enum(CURRENCIES),
  merchantId: id,
  mcc: z.string().regex(/^\d{4}$/, 'a 4-digit merchant category code'),
  channel: z.enum(CHANNELS),
  country: countryCode,
  city: z.string().min(1).max(80),
  lat: latitude,
  lon: longitude,
  /** The customer's device for e-commerce, the terminal for card-present and ATM. */
  deviceId: id,
  eventTime: eventTimeSchema,
});
export type Transaction = z.output<typeof transactionSchema>;

/** A card and its holder's habits: the static table the stream is joined with. */
export const cardProfileSchema = z.object({
  cardId: id,
  accountId: id,
  holderName: z.string().min(1),
  homeCountry: countryCode,
  homeCity: z.string().min(1),
  homeLat: latitude,
  homeLon: longitude,
  currency: z.enum(CURRENCIES),
  /** The holder's habit: median and median absolute deviation of ln(amount in EUR). */
  spendLogMedian: z.number().finite(),
  spendLogMad: z.number().positive().finite(),
  /** Typical spend in euros, for people: exp(spendLogMedian). */
  typicalSpendEur: z.number().positive(),
  perTxLimitEur: z.number().positive(),
  dailyLimitEur: z.number().positive(),
  /** Devices the account has logged in from before. */
  knownDevices: z.array(id),
  usualMerchants: z.array(id),
});
export type CardProfile = z.output<typeof cardProfileSchema>;

/** A merchant and its risk. */
export const merchantSchema = z.object({
  merchantId: id,
  name: z.string().min(1),
  mcc: z.string().regex(/^\d{4}$/),
  category: z.string().min(1),
  risk: z.enum(['low', 'medium', 'high']),
  online: z.boolean(),
  country: countryCode,
  city: z.string().min(1),
  lat: latitude,
  lon: longitude,
  /** Distinct cards the merchant usually sees in 5 minutes (its baseline). */
  usualCardsPer5Min: z.number().nonnegative(),
});
export type Merchant = z.output<typeof merchantSchema>;

/**
 * Validates one raw record as a transaction. Returns the parsed row or the reasons it is bad, so
 * a pipeline can route bad records instead of failing.
 *
 * @example
 * const r = parseTransaction(JSON.parse(line));
 * if (!r.ok) deadLetters.push({ raw: line, reason: r.reason });
 */
export function parseTransaction(raw: unknown): { ok: true; value: Transaction } | { ok: false; reason: string } {
  const r = transactionSchema.safeParse(raw);
  if (r.success) return { ok: true, value: r.data };
  const reason = r.error.issues.map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`).join('; ');
  return { ok: false, reason };
}
