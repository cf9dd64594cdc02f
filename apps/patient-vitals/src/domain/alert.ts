/**
 * The alert on `vitals.alerts`, and what the dashboard's feed and the landing tile show. Alerts
 * name the patient by pseudonymous id only; the dashboard resolves the name from the census.
 */
import { z } from 'zod';
import { eventTimeSchema, patientIdSchema } from './records.js';

/**
 * What raised it: `news2` (RCP thresholds), `trend` (the early-warning detector), `unacknowledged`
 * (a NEWS2 alert nobody acknowledged within 15 minutes, escalated).
 */
export const ALERT_KINDS = ['news2', 'trend', 'unacknowledged'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** The kit's severities: NEWS2 high → critical, medium → high, single-parameter 3 → medium, trend → low. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const alertSchema = z.object({
  alertId: z.string().min(1),
  patientId: patientIdSchema,
  eventTime: eventTimeSchema,
  kind: z.enum(ALERT_KINDS),
  /** `low-medium` | `medium` | `high` for NEWS2 (and its escalation), `early-warning` for trends. */
  level: z.string().min(1),
  severity: z.enum(SEVERITIES),
  /** NEWS2 total when raised (null for a trend alert, which does not read NEWS2). */
  total: z.number().int().nonnegative().nullable(),
  reason: z.string(),
});
export type Alert = z.infer<typeof alertSchema>;
