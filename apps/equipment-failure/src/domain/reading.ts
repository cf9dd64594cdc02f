/**
 * What a line's PLC gateway sends: one record per machine per sample, with the machine's
 * operating state, the parts it made since its previous record and every sensor it carries
 * (`null` when the type has no such sensor or the sensor dropped out). The schema is the one
 * place that says what a valid record is: the Kafka source decodes with it and dead-letters
 * what does not match, never throws.
 */
import { z } from 'zod';

/** Event time on the wire: epoch ms or an ISO-8601 string; epoch ms once parsed. */
export const eventTimeSchema = z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]);

export const STATES = ['running', 'idle', 'setup', 'down'] as const;
export type MachineState = (typeof STATES)[number];

const sensorValue = z.number().finite().nullable();

export const readingSchema = z.object({
  readingId: z.string().min(1),
  plantId: z.string().min(1),
  lineId: z.string().min(1),
  machineId: z.string().min(1),
  state: z.enum(STATES),
  eventTime: eventTimeSchema,
  /** The time this record accounts for: since the machine's previous record (OEE sums it per state). */
  intervalMs: z.number().int().nonnegative().max(3_600_000),
  /** Parts finished in that interval, and how many of them were scrap. */
  parts: z.number().int().nonnegative(),
  scrap: z.number().int().nonnegative(),
  vibration: sensorValue,
  bearingTemp: sensorValue,
  current: sensorValue,
  pressure: sensorValue,
  rpm: sensorValue,
  power: sensorValue,
  /** Set on the first record after a repair or service: the maintenance system's completion, forwarded by the gateway. */
  maintenance: z.string().nullable(),
});

/** A parsed reading. */
export type Reading = z.infer<typeof readingSchema>;
