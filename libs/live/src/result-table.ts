/**
 * A query's result table as a dashboard sees it, with Spark's output-mode semantics:
 * - update: keyed by the grouping keys; a row replaces the row with the same keys; `removed`
 *   rows are deleted. Without key fields (a query with no aggregation) update means append.
 * - append: rows are appended; only the newest `maxRows` are kept.
 * - complete: every message replaces the whole table.
 *
 * Isomorphic: the browser client and the server's late-client snapshot use the same code.
 */
import type { OutputMode } from '@streamlab/core';

export interface ResultTableOptions {
  /** Rows kept at most (append: the newest; update: the most recently changed). Default 1000. */
  maxRows?: number;
}

/**
 * The key of a row: its key fields' values, JSON-encoded (objects such as windows included).
 *
 * @example
 * rowKey({ window: { start: 0, end: 10 }, word: 'dog' }, ['window', 'word']); // '[{"start":0,"end":10},"dog"]'
 */
export function rowKey(row: unknown, keyFields: readonly string[]): string {
  const r = (row ?? {}) as Record<string, unknown>;
  if (keyFields.length === 1) return JSON.stringify(r[keyFields[0] as string] ?? null);
  const parts: unknown[] = [];
  for (const f of keyFields) parts.push(r[f] ?? null);
  return JSON.stringify(parts);
}

/**
 * A bounded result table that applies batches with output-mode semantics.
 *
 * @example
 * const t = new ResultTable({ maxRows: 100 });
 * t.apply('update', ['word'], [{ word: 'dog', count: 1 }]);
 * t.apply('update', ['word'], [{ word: 'dog', count: 2 }]);
 * t.rows(); // [{ word: 'dog', count: 2 }]
 */
export class ResultTable<T = Record<string, unknown>> {
  readonly maxRows: number;
  private keyed = new Map<string, T>();
  private list: T[] = [];
  private mode: OutputMode | null = null;
  private keyFields: readonly string[] = [];

  constructor(opts: ResultTableOptions = {}) {
    this.maxRows = opts.maxRows ?? 1000;
    if (!Number.isInteger(this.maxRows) || this.maxRows < 1) throw new RangeError(`maxRows must be a positive integer, got ${String(opts.maxRows)}`);
  }

  /** The output mode of the last batch applied, or null before any. */
  get outputMode(): OutputMode | null {
    return this.mode;
  }

  get size(): number {
    return this.isKeyed() ? this.keyed.size : this.list.length;
  }

  /** Applies one batch (or coalesced batches) of rows. */
  apply(mode: OutputMode, keyFields: readonly string[], rows: readonly T[], removed: readonly unknown[] = []): void {
    if (this.mode !== mode || !sameFields(this.keyFields, keyFields)) this.clear();
    this.mode = mode;
    this.keyFields = keyFields;
    if (mode === 'complete') {
      this.list = rows.length > this.maxRows ? rows.slice(rows.length - this.maxRows) : rows.slice();
    } else if (this.isKeyed()) {
      for (const r of removed) this.keyed.delete(rowKey(r, keyFields));
      for (const r of rows) {
        const k = rowKey(r, keyFields);
        this.keyed.delete(k); // re-insert: the most recently changed rows are last
        this.keyed.set(k, r);
      }
      if (this.keyed.size > this.maxRows) {
        let excess = this.keyed.size - this.maxRows;
        for (const k of this.keyed.keys()) {
          if (excess-- <= 0) break;
          this.keyed.delete(k);
        }
      }
    } else {
      for (const r of rows) this.list.push(r);
      if (this.list.length > this.maxRows) this.list.splice(0, this.list.length - this.maxRows);
    }
  }

  /** Replaces the table with a snapshot. */
  load(mode: OutputMode, keyFields: readonly string[], rows: readonly T[]): void {
    this.clear();
    this.apply(mode, keyFields, rows);
  }

  /** Rows, oldest (or least recently changed) first. */
  rows(): T[] {
    return this.isKeyed() ? [...this.keyed.values()] : this.list.slice();
  }

  clear(): void {
    this.keyed.clear();
    this.list = [];
  }

  private isKeyed(): boolean {
    return this.mode === 'update' && this.keyFields.length > 0;
  }
}

function sameFields(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i]);
}
