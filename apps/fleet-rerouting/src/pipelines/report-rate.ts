/**
 * The landing tile's and the chart's query. Concept: a global (unkeyed) tumbling window in update
 * mode: every batch emits the windows it changed, so the newest point grows as reports arrive.
 */
import { count, type Stream, window } from '@streamlab/core';
import type { Position } from '../domain/position.js';
import { WATERMARK_DELAY } from './zone-alerts.js';

export const RATE_WINDOW = '10 seconds';

/**
 * Position reports, over the whole fleet, per 10-second window.
 *
 * @example
 * reportRate(positions).writeStream.outputMode('update').sink(sink).start();
 */
export function reportRate(positions: Stream<Position>) {
  return positions.withWatermark('eventTime', WATERMARK_DELAY).groupBy(window('eventTime', RATE_WINDOW)).agg({ reports: count() });
}
