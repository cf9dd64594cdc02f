/**
 * A card transaction with the fraud-detection use case's fields, every field a plain
 * `z.string()`/`z.number()` (no refinements): the decode bench's plain workload and the peers
 * bench's fraud input decode it.
 */
import { z } from 'zod';

export const PlainTransaction = z.object({
  txId: z.string(),
  cardId: z.string(),
  accountId: z.string(),
  amount: z.number(),
  currency: z.string(),
  merchantId: z.string(),
  mcc: z.string(),
  channel: z.string(),
  country: z.string(),
  city: z.string(),
  lat: z.number(),
  lon: z.number(),
  deviceId: z.string(),
  eventTime: z.number(),
});
