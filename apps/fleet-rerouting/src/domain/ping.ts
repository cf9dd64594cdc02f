/**
 * The records this use case streams, and the single place that says what a valid one is: the
 * Kafka source decodes with these schemas, and what fails them (broken JSON, a speed no van can
 * reach, a fix off the map) goes to the dead-letter topic with the failed rule as its reason.
 */
import { z } from 'zod';
import type { RoadNetwork } from './network.js';

/** Event time on the wire: epoch ms or an ISO-8601 string; epoch ms once parsed. */
export const eventTimeSchema = z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]);

/** No delivery van or truck reaches this; a fix that claims it is a receiver fault. */
export const MAX_SPEED_KMH = 250;

/**
 * The GPS ping schema for a network: coordinates must be on its map.
 *
 * @example
 * decodeJson(pingSchema(net)); // the Kafka source's decoder
 */
export function pingSchema(net: Pick<RoadNetwork, 'bbox'>) {
  const { bbox } = net;
  return z.object({
    pingId: z.string().min(1),
    vehicleId: z.string().min(1),
    lat: z.number().min(bbox.minLat, 'off the map (south of the city)').max(bbox.maxLat, 'off the map (north of the city)'),
    lon: z.number().min(bbox.minLon, 'off the map (west of the city)').max(bbox.maxLon, 'off the map (east of the city)'),
    speedKmh: z.number().min(0, 'negative speed').max(MAX_SPEED_KMH, `impossible speed (over ${MAX_SPEED_KMH} km/h)`),
    headingDeg: z.number().min(0).max(360),
    eventTime: eventTimeSchema,
    /**
     * The job the navigation unit is on (`null` between shifts): the stop, its intersection on the
     * shared map, and the end of its delivery window.
     */
    job: z.object({ stopId: z.string(), node: z.number().int().nonnegative(), dueBy: z.number() }).nullable(),
    /** Parked at a stop or the depot: not traffic, so not in segment speeds. */
    stopped: z.boolean(),
    /** Set on the first ping after a delivery: which stop, and how late against its time window. */
    delivered: z.object({ stopId: z.string(), lateMin: z.number() }).nullable(),
  });
}

export type Ping = z.infer<ReturnType<typeof pingSchema>>;

export type IncidentKind = 'crash' | 'closure' | 'roadworks';

/** A report of the city's traffic feed on `fleet.incidents`: late, and sometimes in the wrong place. */
export const incidentReportSchema = z.object({
  reportId: z.string().min(1),
  kind: z.enum(['crash', 'closure', 'roadworks']),
  lat: z.number(),
  lon: z.number(),
  street: z.string(),
  /** When the incident started, as reported. */
  startedAt: eventTimeSchema,
  /** When the feed published it (event time of the report). */
  reportedAt: eventTimeSchema,
});

export type IncidentReport = z.infer<typeof incidentReportSchema>;
