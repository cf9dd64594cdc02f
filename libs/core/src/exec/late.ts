/**
 * The late-data side output (an extension beyond Spark): `withWatermark('ts', '10 minutes',
 * { late: sink })`. Stateful operators that drop a row as late send it here with the watermark
 * and how late it was, instead of only counting it.
 */
import type { Sink } from '../ports.js';

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
