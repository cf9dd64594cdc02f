/**
 * 2. Segment speeds (sliding event-time windows). The mean speed of moving vehicles per segment
 * over one minute, every 20 seconds, and its congestion ratio against the segment's free-flow
 * speed (1 = free flow, 0.5 = half speed). Parked vehicles are not traffic and are left out.
 */
import { approxCountDistinct, avg, count, first, type Stream, window } from '@streamlab/core';
import type { MatchedPing } from './map-matching.js';

export const SPEED_WINDOW = '1 minute';
export const SPEED_SLIDE = '20 seconds';

/**
 * @example
 * segmentSpeeds(matched.withWatermark('eventTime', '15 seconds')); // rows: { window, segmentId, meanKmh, congestion, ... }
 */
export function segmentSpeeds(matched: Stream<MatchedPing>) {
  return matched
    .filter((p) => !p.stopped)
    .groupBy(window('eventTime', SPEED_WINDOW, SPEED_SLIDE), 'segmentId')
    .agg({
      meanKmh: avg('speedKmh'),
      pings: count(),
      vehicles: approxCountDistinct('vehicleId'),
      segment: first('segment'),
      street: first('street'),
      freeFlowKmh: first('freeFlowKmh'),
    })
    .withColumn('congestion', (r) => Math.round(((r.meanKmh ?? 0) / r.freeFlowKmh) * 1000) / 1000);
}

export type SegmentSpeedRow = ReturnType<typeof segmentSpeeds> extends Stream<infer R> ? R : never;
