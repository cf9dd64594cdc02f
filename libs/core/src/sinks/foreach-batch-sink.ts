/** `.foreachBatch((rows, batchId) => ...)`: hands each batch's rows to user code. */
import type { BatchInfo, Sink } from '../ports.js';

/** The user function of `foreachBatch`; may be async (awaited once per batch). */
export type ForeachBatchFn<T> = (rows: readonly T[], batchId: number, info: BatchInfo) => void | Promise<void>;

/**
 * @example
 * new ForeachBatchSink<Row>((rows, id) => db.upsert(rows));
 */
export class ForeachBatchSink<T> implements Sink<T> {
  readonly description = 'ForeachBatchSink';
  private readonly fn: ForeachBatchFn<T>;

  constructor(fn: ForeachBatchFn<T>) {
    this.fn = fn;
  }

  addBatch(rows: readonly T[], info: BatchInfo): void | Promise<void> {
    return this.fn(rows, info.batchId, info);
  }
}
