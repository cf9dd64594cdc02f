/**
 * What every operator is told about the batch it runs in. Built once per batch by the runner.
 */
import type { Logger, OutputMode } from '../ports.js';
import type { LateRecord, LateRoute } from './late.js';

/** A bad input row (missing/unparsable event time, bad key, ...), routed to the error output. */
export interface InvalidRecord {
  row: unknown;
  reason: string;
  /** The operator that rejected it. */
  operator: string;
  batchId: number;
}

export interface BatchContext {
  readonly batchId: number;
  /**
   * The query watermark this batch runs with (epoch ms, 0 before any data): computed from the
   * event times of earlier batches only, never from this batch's rows. Lateness and eviction use it.
   */
  readonly watermarkMs: number;
  /**
   * The watermark late input rows are judged by: the watermark the previous batch ran with (0 for
   * the first batch), as Spark 3.4+ does (`WatermarkPropagator.getInputWatermarkForLateEvents(batchId - 1)`).
   * Stateful operators drop an input row as late against this one, and evict state and emit
   * append rows with `watermarkMs`. With data batches back to back this keeps rows that a single
   * watermark would drop.
   */
  readonly lateWatermarkMs: number;
  /**
   * The watermark of each input (one per `withWatermark` node, index = its `watermarkId`), before
   * the min/max `multipleWatermarkPolicy` combined them into `watermarkMs`. Joins use these.
   */
  readonly inputWatermarksMs: readonly number[];
  /** Processing time of the batch (the injected clock at batch start). Timeouts use it. */
  readonly batchTimestampMs: number;
  readonly outputMode: OutputMode;
  /** True for a no-data batch (run only because the watermark moved and state waits on it). */
  readonly isNoDataBatch: boolean;
  /** Rows read from each source this batch, by source index (see `CompileContext.sourceIndex`). */
  readonly inputs: readonly (readonly unknown[])[];
  readonly logger: Logger;

  /** Routes a bad input row to the error output and counts it (`progress.numInvalidRows`). */
  reportInvalid(row: unknown, reason: string, operator: string): void;
  /**
   * Reports the event-time statistics a `withWatermark` node saw in this batch (call once per
   * batch per node, after its loop, with its local min/max/sum/count).
   */
  observeEventTime(watermarkId: number, minMs: number, maxMs: number, sumMs: number, count: number): void;
  /** Sends a late record to its side output (the `{ late: sink }` of a `withWatermark`). */
  routeLate(route: LateRoute, record: LateRecord): void;
  /**
   * Declares that an earlier output row is retracted by this batch (update-mode extensions, e.g.
   * sessions merged into a larger one); the sink gets them in `BatchInfo.removed`.
   */
  retract(row: unknown): void;
}
