/**
 * An alert as read back from the `fraud.alerts` topic: the zod schema the downstream queries
 * (risk, alert rates, the dashboard's feed) decode records with, so a record that is not an alert
 * is counted, not thrown.
 */
import { z } from 'zod';
import { RULE_IDS, type Alert } from './alert.js';
import { CURRENCIES } from './money.js';
import { CHANNELS } from './schemas.js';

const evidenceRowSchema = z.object({
  txId: z.string(),
  cardId: z.string(),
  eventTime: z.number(),
  amount: z.number(),
  currency: z.enum(CURRENCIES),
  merchantId: z.string(),
  channel: z.enum(CHANNELS),
  city: z.string(),
  country: z.string(),
  lat: z.number(),
  lon: z.number(),
});

/**
 * One alert on the wire (JSON, as the alerts-to-kafka query writes it).
 *
 * @example
 * const alerts = kit.read(ALERTS_TOPIC, 'risk', { decode: decodeJson(alertSchema), eventTimeField: 'eventTime' });
 */
export const alertSchema = z.object({
  alertId: z.string().min(1),
  dedupKey: z.string().min(1),
  rule: z.enum(RULE_IDS),
  entityType: z.enum(['card', 'merchant']),
  entityId: z.string().min(1),
  cardId: z.string().nullable(),
  merchantId: z.string().nullable(),
  eventTime: z.number(),
  score: z.number().min(0).max(1),
  severity: z.enum(['low', 'medium', 'high', 'critical']),
  reason: z.string(),
  evidence: z.array(evidenceRowSchema),
  metrics: z.record(z.string(), z.number()),
});

// the schema reads exactly what the rules write
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _sameAsAlert: Same<z.output<typeof alertSchema>, Alert> = true;
void _sameAsAlert;
