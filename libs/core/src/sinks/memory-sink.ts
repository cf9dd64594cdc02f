/**
 * The memory sink (Spark's `format('memory')`): keeps the output in memory, queryable by the
 * query name through the session (`session.table('counts')`). In complete mode the table is the
 * last batch; otherwise every batch's rows in order. A replayed batch id is ignored (idempotent).
 */
import type { BatchInfo, Sink } from '../ports.js';

/** One batch as the memory sink received it. */
export interface MemoryBatch<T> {
  batchId: number;
  rows: readonly T[];
}

/**
 * @example
 * const sink = new MemorySink<Row>('counts');
 * // ... after batches: sink.allData()
 */
export class MemorySink<T = unknown> implements Sink<T> {
  readonly description: string;
  readonly batches: MemoryBatch<T>[] = [];
  private complete = false;

  constructor(name: string) {
    this.description = `MemorySink[${name}]`;
  }

  addBatch(rows: readonly T[], info: BatchInfo): void {
    this.complete = info.outputMode === 'complete';
    const last = this.batches[this.batches.length - 1];
    if (last && last.batchId >= info.batchId) return;
    this.batches.push({ batchId: info.batchId, rows: rows.slice() });
  }

  /** The table: the last batch in complete mode, else all rows in order. */
  allData(): T[] {
    if (this.complete) return (this.batches[this.batches.length - 1]?.rows ?? []).slice();
    const out: T[] = [];
    for (const b of this.batches) for (const r of b.rows) out.push(r);
    return out;
  }

  /** Rows of the latest batch. */
  latestBatchData(): T[] {
    return (this.batches[this.batches.length - 1]?.rows ?? []).slice();
  }

  clear(): void {
    this.batches.length = 0;
  }
}
