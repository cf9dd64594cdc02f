/**
 * The event this use case streams: one reading from one source (a meter, a sensor, a vehicle...).
 * YOUR DOMAIN GOES HERE: rename the fields to your records' and keep the schema the single place
 * that says what a valid record is (the Kafka source decodes with it; bad records are routed to
 * the dead-letter topic, never thrown).
 */
import { z } from 'zod';

/** Event time on the wire: epoch ms or an ISO-8601 string; epoch ms once parsed. */
export const eventTimeSchema = z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]);

export const readingSchema = z.object({
  readingId: z.string().min(1),
  sourceId: z.string().min(1),
  value: z.number().finite(),
  eventTime: eventTimeSchema,
});

/** A parsed reading. */
export type Reading = z.infer<typeof readingSchema>;
