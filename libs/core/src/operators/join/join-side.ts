/**
 * One side of a stream-stream join: its buffered rows in a `StateStore<rowId, JoinEntry>` plus an
 * index by join key (rebuilt from the store on restore). `matched` records, for outer joins,
 * whether a left row found a partner before the watermark evicted it.
 */
import { InMemoryStateStore } from '../../state/memory-store.js';
import { TupleIndex } from './tuple-index.js';

export interface JoinEntry {
  readonly id: number;
  readonly row: Record<string, unknown>;
  readonly t: number;
  readonly matched: boolean;
}

const rowOf = (e: JoinEntry): unknown => e.row;

export class JoinSide {
  readonly store: InMemoryStateStore<number, JoinEntry>;
  readonly keys: readonly string[];
  private index: TupleIndex<JoinEntry>;
  private nextId = 0;
  /** Columns seen on this side (the null columns of an outer row). */
  readonly columns = new Set<string>();
  /** Smallest event time in state (a lower bound). */
  minT = Infinity;
  /** Rows added in the batch in progress (Spark's numRowsUpdated of a join). */
  added = 0;

  constructor(operatorId: number, keys: readonly string[]) {
    this.store = new InMemoryStateStore(operatorId);
    this.keys = keys;
    this.index = new TupleIndex(keys, rowOf);
  }

  add(row: Record<string, unknown>, t: number, matched: boolean): void {
    const e: JoinEntry = { id: this.nextId++, row, t, matched };
    this.store.put(e.id, e);
    this.index.add(e);
    this.added += 1;
    if (t < this.minT) this.minT = t;
    for (const c in row) this.columns.add(c);
  }

  /** The entries whose key equals `row`'s columns `fields`. */
  lookup(row: Record<string, unknown>, fields: readonly string[]): JoinEntry[] | undefined {
    return this.index.get(row, fields);
  }

  /** Records that an entry found a partner (a new immutable entry replaces it). */
  markMatched(e: JoinEntry): void {
    if (e.matched) return;
    const m: JoinEntry = { ...e, matched: true };
    this.store.put(e.id, m);
    this.index.remove(e);
    this.index.add(m);
  }

  /** Removes the entries with `t < bound`; returns them. */
  evictBefore(bound: number): JoinEntry[] {
    if (!(this.minT < bound)) return [];
    const gone: JoinEntry[] = [];
    let min = Infinity;
    for (const [, e] of this.store.entries()) {
      if (e.t < bound) gone.push(e);
      else if (e.t < min) min = e.t;
    }
    for (const e of gone) {
      this.store.remove(e.id);
      this.index.remove(e);
    }
    this.minT = min;
    return gone;
  }

  restore(version: number, entries: readonly JoinEntry[], columns: readonly string[]): void {
    this.index = new TupleIndex(this.keys, rowOf);
    this.store.restore({ version, entries: entries.map((e) => [e.id, e]) });
    let min = Infinity;
    let next = 0;
    for (const e of entries) {
      this.index.add(e);
      if (e.t < min) min = e.t;
      if (e.id >= next) next = e.id + 1;
    }
    this.minT = min;
    this.nextId = next;
    this.columns.clear();
    for (const c of columns) this.columns.add(c);
  }
}
