/**
 * Pipeline 5b, downtime as session windows over down states. Concept: session windows (update
 * mode, our extension). A machine's down records, each opening a 2-minute gap, merge into one
 * stoppage per breakdown; its length is the summed intervals, so a stoppage's duration is exact
 * even when the records arrive out of order. Update mode shows a stoppage while it lasts and
 * retracts the pieces it merged.
 */
import { count, type Stream, sessionWindow, sum } from '@streamlab/core';
import type { Reading } from '../domain/reading.js';
import type { PipelineOptions } from './options.js';

/**
 * Stoppages per machine.
 *
 * @example
 * downtime(readings, options).writeStream.outputMode('update');
 */
export function downtime(readings: Stream<Reading>, o: Pick<PipelineOptions, 'oeeWatermark' | 'downtimeGap'>) {
  return readings
    .filter((r) => r.state === 'down')
    .withWatermark('eventTime', o.oeeWatermark)
    .groupBy(sessionWindow('eventTime', o.downtimeGap), 'machineId', 'lineId')
    .agg({ records: count(), downMs: sum('intervalMs') })
    .map((s) => ({
      machineId: s.machineId,
      lineId: s.lineId,
      session_window: s.session_window,
      start: s.session_window.start,
      records: s.records,
      downMs: s.downMs ?? 0,
    }));
}

export type DowntimeRow = ReturnType<typeof downtime> extends Stream<infer R> ? R : never;
