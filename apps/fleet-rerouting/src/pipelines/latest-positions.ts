/**
 * The map's query. Concept: an aggregation without a window, in update mode: one row per vehicle,
 * replaced at every new report, so the dashboard's table (and map) always holds each vehicle's last
 * position. Its state is one row per vehicle: fine for a fleet, not for an unbounded key space.
 */
import { last, max, type Stream } from '@streamlab/core';
import type { Position } from '../domain/position.js';

/**
 * The last reported position and speed of every vehicle.
 *
 * @example
 * latestPositions(positions).writeStream.outputMode('update').sink(sink).start();
 */
export function latestPositions(positions: Stream<Position>) {
  return positions.groupBy('vehicleId').agg({ lat: last('lat'), lon: last('lon'), speedKmh: last('speedKmh'), eventTime: max('eventTime') });
}
