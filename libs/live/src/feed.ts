/**
 * An in-process, replayable source for a long-running demo: rows are appended by the use case (a simulator, or a query's
 * `foreachBatch` that feeds others)
 * and forgotten once the query that reads them has committed them, so memory stays bounded
 * however long the hub runs. One feed per query (each query commits at its own pace).
 */
import type { Offset, ReadLimit, Source } from '@streamlab/core';

/**
 * @example
 * const feed = new Feed<Alert>('alerts/risk');
 * feed.push(rows);
 * Stream.fromSource(feed).withWatermark('eventTime', '15 seconds');
 */
export class Feed<T> implements Source<T> {
  readonly description: string;
  private rows: T[] = [];
  /** Offset of `rows[0]`. */
  private base = 0;
  private readonly listeners = new Set<() => void>();

  constructor(name: string) {
    this.description = `Feed[${name}]`;
  }

  /** Appends rows and wakes the query. */
  push(rows: readonly T[]): void {
    if (rows.length === 0) return;
    for (const r of rows) this.rows.push(r);
    for (const l of [...this.listeners]) l();
  }

  /** Rows held (not yet committed). */
  get buffered(): number {
    return this.rows.length;
  }

  latestOffset(start: Offset | null, limit: ReadLimit): Offset | null {
    const end = this.base + this.rows.length;
    if (end === 0) return null;
    const from = typeof start === 'number' ? start : 0;
    return limit.kind === 'maxRows' ? Math.min(end, from + limit.maxRows) : end;
  }

  getBatch(start: Offset | null, end: Offset): readonly T[] {
    const from = Math.max(typeof start === 'number' ? start : 0, this.base);
    return this.rows.slice(from - this.base, (end as number) - this.base);
  }

  commit(end: Offset): void {
    const drop = (end as number) - this.base;
    if (drop <= 0) return;
    this.rows = this.rows.slice(drop);
    this.base = end as number;
  }

  onData(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
