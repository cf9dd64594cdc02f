/** Triggers as plain, validated data (Spark's Trigger). */
import { z } from 'zod';
import { parseDuration, type Duration } from '../duration.js';
import { StreamlabError } from '../errors.js';

/** What users pass to `.trigger(...)`. Omit it for the default trigger. */
export type TriggerOptions = { processingTime: Duration } | { once: true } | { availableNow: true };

/** A validated trigger. */
export type Trigger = { kind: 'default' } | { kind: 'processingTime'; intervalMs: number } | { kind: 'once' } | { kind: 'availableNow' };

const schema = z.union([
  z.object({ processingTime: z.union([z.string(), z.number()]) }).strict(),
  z.object({ once: z.literal(true) }).strict(),
  z.object({ availableNow: z.literal(true) }).strict(),
]);

/**
 * @example
 * parseTrigger({ processingTime: '1 second' }); // { kind: 'processingTime', intervalMs: 1000 }
 */
export function parseTrigger(options: TriggerOptions | undefined): Trigger {
  if (options === undefined) return { kind: 'default' };
  const parsed = schema.safeParse(options);
  if (!parsed.success) {
    throw new StreamlabError('BAD_TRIGGER', `unknown trigger ${JSON.stringify(options)}`, {
      value: options,
      hint: "use { processingTime: '1 second' }, { once: true }, { availableNow: true }, or no trigger for the default",
    });
  }
  const t = parsed.data;
  if ('processingTime' in t) return { kind: 'processingTime', intervalMs: parseDuration(t.processingTime, 'trigger processingTime') };
  if ('once' in t) return { kind: 'once' };
  return { kind: 'availableNow' };
}
