/**
 * The late-data side output (an extension beyond Spark): `withWatermark('ts', '10 minutes',
 * { late: sink })`. Stateful operators that drop a row as late send it here with the watermark
 * and how late it was, instead of only counting it.
 */
import type { BatchInfo, Sink } from '../ports.js';

/** One dropped contribution: the row, why it was late, and (for windows) which window it missed. */
export interface LateRecord<T = unknown> {
  row: T;
  eventTimeMs: number;
  watermarkMs: number;
  /** `watermarkMs - (window end or event time)`: how far behind the watermark it was (>= 0). */
  lateByMs: number;
  /** Name of the operator that dropped it. */
  operator: string;
  /** The window the row missed, for window aggregations (a sliding row may miss only some). */
  window?: { start: number; end: number };
}

/** A handle on one side output, created for a `withWatermark` node that has `{ late: sink }`. */
export interface LateRoute {
  /** Index of the route in the query (the runner buffers records per route per batch). */
  readonly id: number;
  readonly sink: Sink<LateRecord>;
}

/** The fields of a {@link LateRecord}: the columns a late sink's batches have. */
export const LATE_RECORD_COLUMNS = ['row', 'eventTimeMs', 'watermarkMs', 'lateByMs', 'operator', 'window'] as const;

/**
 * What a late sink is told about a batch: the query's batch (id, watermark, time, offsets,
 * progress), but its own rows' description. Late records only ever arrive, whatever the query's
 * output mode: `append`, no keys, nothing retracted, the columns of a {@link LateRecord}.
 *
 * @example
 * lateBatchInfo(info).outputMode; // 'append', also when the query runs in update mode
 */
export function lateBatchInfo(info: BatchInfo): BatchInfo {
  return { ...info, outputMode: 'append', keyFields: [], removed: [], columns: LATE_RECORD_COLUMNS };
}
