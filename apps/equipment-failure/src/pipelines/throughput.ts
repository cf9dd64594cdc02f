/**
 * Records per minute across the plant floor, and the machines running in it. Concept: a global
 * tumbling window in update mode (the hub tile's sparkline). The newest minute is still filling,
 * so the tile skips it.
 */
import { count, countDistinct, type Stream, window } from '@streamlab/core';
import type { Reading } from '../domain/reading.js';

/**
 * @example
 * throughput(readings).writeStream.outputMode('update');
 */
export function throughput(readings: Stream<Reading>) {
  return readings
    .withWatermark('eventTime', '2 minutes')
    .groupBy(window('eventTime', '1 minute'))
    .agg({ records: count(), machines: countDistinct('machineId') });
}
