/**
 * One side of a stream-stream join: its buffered rows in a `StateStore<rowId, JoinEntry>` plus an
 * index by join key (rebuilt from the store on restore). `matched` records, for outer joins,
 * whether a left row found a partner before the watermark evicted it. Under a `select`, a row is
 * kept with only the columns the join and the select read (Spark's column pruning), which is all
 * that is written to the checkpoint too.
 */
import { MapStateStore } from '../../state/map-store.js';
import type { StateDelta, StoreSnapshot } from '../../state/store.js';
import { TupleIndex } from './tuple-index.js';

export interface JoinEntry {
  readonly id: number;
  readonly row: Record<string, unknown>;
  readonly t: number;
  readonly matched: boolean;
}

const rowOf = (e: JoinEntry): unknown => e.row;

export class JoinSide {
  readonly store: JoinStore;
  readonly keys: readonly string[];
  private index: TupleIndex<JoinEntry>;
  private nextId = 0;
  /** Columns seen on this side (the null columns of an outer row). */
  readonly columns = new Set<string>();
  /** Smallest event time in state (a lower bound). */
  minT = Infinity;
  /** Rows added in the batch in progress (Spark's numRowsUpdated of a join). */
  added = 0;

  /** The only columns of a row kept in state (`undefined`: all). */
  private readonly keep: readonly string[] | undefined;

  constructor(operatorId: number, keys: readonly string[], keep?: readonly string[]) {
    this.store = new JoinStore(operatorId);
    this.keys = keys;
    this.keep = keep;
    this.index = new TupleIndex(keys, rowOf);
  }

  add(input: Record<string, unknown>, t: number, matched: boolean): void {
    const row = this.keep === undefined ? input : pick(input, this.keep);
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
    this.store.put(e.id, m, true);
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

/**
 * One side's buffered rows by row id, with the delta of the last committed batch. Unlike
 * `InMemoryStateStore` it keeps no undo log, only the ids a batch put and removed: nothing rolls a
 * join back in memory (a failed batch fails the query, which restarts from its checkpoint), and
 * the undo map cost a Map write per buffered and per evicted row.
 */
export class JoinStore extends MapStateStore<number, JoinEntry> {
  /** Ids put in the batch in progress (an id twice when an outer join re-put it marked matched). */
  private puts: number[] = [];
  /** Ids removed in the batch in progress. */
  private removes: number[] = [];
  /** Whether an id was put twice in the batch in progress. */
  private reput = false;
  private delta: StateDelta<number, JoinEntry> = { version: 0, updated: [], removed: [] };

  constructor(operatorId: number) {
    super(operatorId, 0);
  }

  /** Adds an entry, or replaces one (`replace`: the id is in the store). */
  put(id: number, e: JoinEntry, replace = false): void {
    this.data.set(id, e);
    this.puts.push(id);
    this.updated += 1;
    if (replace) this.reput = true;
  }

  remove(id: number): boolean {
    if (!this.data.delete(id)) return false;
    this.removes.push(id);
    this.removed += 1;
    return true;
  }

  /** The batch's changes become the delta of the next version (entries put and still there; ids removed). */
  commit(): number {
    const updated: [number, JoinEntry][] = [];
    const seen = this.reput ? new Set<number>() : undefined;
    for (const id of this.puts) {
      const e = this.data.get(id);
      if (e === undefined || seen?.has(id)) continue;
      seen?.add(id);
      updated.push([id, e]);
    }
    this.committedVersion += 1;
    this.delta = { version: this.committedVersion, updated, removed: this.removes };
    this.startBatch();
    return this.committedVersion;
  }

  lastDelta(): StateDelta<number, JoinEntry> {
    return this.delta;
  }

  snapshot(): StoreSnapshot<number, JoinEntry> {
    return { version: this.committedVersion, entries: [...this.data] };
  }

  restore(snapshot: StoreSnapshot<number, JoinEntry>): void {
    this.data.clear();
    for (const [id, e] of snapshot.entries) this.data.set(id, e);
    this.committedVersion = snapshot.version;
    this.delta = { version: snapshot.version, updated: [], removed: [] };
    this.startBatch();
  }

  private startBatch(): void {
    this.puts = [];
    this.removes = [];
    this.reput = false;
    this.updated = 0;
    this.removed = 0;
  }
}

/** The columns `keep` of `row` that it has. */
function pick(row: Record<string, unknown>, keep: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < keep.length; i++) {
    const c = keep[i]!;
    const v = row[c];
    if (v !== undefined || Object.hasOwn(row, c)) out[c] = v;
  }
  return out;
}
