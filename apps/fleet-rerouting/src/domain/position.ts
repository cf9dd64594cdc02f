/**
 * The event this use case streams: one position report from one vehicle. YOUR DOMAIN GOES HERE:
 * rename the fields to your records' and keep the schema the single place that says what a valid
 * record is (the Kafka source decodes with it; bad records are routed to the dead-letter topic,
 * never thrown). Coordinates are WGS 84 degrees, as GPS receivers and GeoJSON give them.
 */
import { z } from 'zod';

/** Event time on the wire: epoch ms or an ISO-8601 string; epoch ms once parsed. */
export const eventTimeSchema = z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]);

export const positionSchema = z.object({
  positionId: z.string().min(1),
  vehicleId: z.string().min(1),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  speedKmh: z.number().nonnegative(),
  eventTime: eventTimeSchema,
});

/** A parsed position report. */
export type Position = z.infer<typeof positionSchema>;
