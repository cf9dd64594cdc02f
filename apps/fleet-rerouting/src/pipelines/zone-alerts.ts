/**
 * The alert query. Concept: a filter before a keyed event-time window. Only positions inside the
 * zone are kept (stateless, cheap), then counted per vehicle in 20-second windows; the watermark
 * (newest event time minus 10 s) says when a window is final, so each is judged once, in append
 * mode. YOUR QUERIES GO HERE: one concept per file, each with `testStream` tests beside it.
 */
import { count, last, type Stream, window } from '@streamlab/core';
import type { Position } from '../domain/position.js';
import { type Alert, type GeofenceConfig, geofence } from '../domain/rules/geofence.js';
import { inZone, RESTRICTED_ZONE, type Zone } from '../domain/zone.js';

/** How far behind the newest event time a position may arrive and still count. */
export const WATERMARK_DELAY = '10 seconds';
export const ZONE_WINDOW = '20 seconds';

/**
 * Positions inside `zone` per vehicle per 20-second window, with the last of them.
 *
 * @example
 * zoneVisits(positions).writeStream.outputMode('append').sink(sink).start();
 */
export function zoneVisits(positions: Stream<Position>, zone: Zone = RESTRICTED_ZONE) {
  return positions
    .withWatermark('eventTime', WATERMARK_DELAY)
    .filter((p) => inZone(p, zone))
    .groupBy(window('eventTime', ZONE_WINDOW), 'vehicleId')
    .agg({ inside: count(), lat: last('lat'), lon: last('lon') });
}

/**
 * The geofence rule over every finished window: run it in append mode, so each alert is final.
 *
 * @example
 * zoneAlerts(positions).writeStream.outputMode('append').sink(sink).start();
 */
export function zoneAlerts(positions: Stream<Position>, zone: Zone = RESTRICTED_ZONE, config?: GeofenceConfig): Stream<Alert> {
  return zoneVisits(positions, zone).flatMap((w) => {
    const alert = geofence(w, zone.name, config);
    return alert ? [alert] : [];
  });
}
