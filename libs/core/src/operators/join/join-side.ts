/**
 * One side of a stream-stream join: its buffered rows in a `StateStore<rowId, JoinEntry>` plus an
 * index by join key (rebuilt from the store on restore). `matched` records, for outer joins,
 * whether a left row found a partner before the watermark evicted it. Under a `select`, a row is
 * kept with only the columns the join and the select read (Spark's column pruning), which is all
 * that is written to the checkpoint too.
 */
import type { StateDelta, StateStoreMetrics, StoreSnapshot } from '../../state/store.js';
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
    this.store.forEach((e) => {
      if (e.t < bound) gone.push(e);
      else if (e.t < min) min = e.t;
    });
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

/** Rough bytes per buffered row beside its columns, for `memoryUsedBytes` (as `MapStateStore`'s). */
const ENTRY_BYTES = 64;

/**
 * One side's buffered rows by row id, with the delta of the last committed batch.
 *
 * Row ids are given in arrival order (`JoinSide.add`), and the watermark evicts rows roughly in
 * arrival order too, so the rows live in an array indexed by `id - base`: a put is a push, a
 * remove leaves a hole, and the front moves past holes. (A Map by id cost a hash insert and a
 * hash delete per buffered row.) A row that stays far longer than those after it (its event time
 * far ahead of the others', or a join without a time range) would pin the front and let holes
 * pile up behind it: when holes outnumber rows, the rows before the first half of the holes move
 * to `older`, a Map, and the front moves on.
 *
 * It keeps no undo log, only the ids a batch put and removed: nothing rolls a join back in memory
 * (a failed batch fails the query, which restarts from its checkpoint).
 */
export class JoinStore {
  readonly operatorId: number;
  private committedVersion = 0;
  /** Rows by `id - base`; `undefined` for a removed (or never restored) id. */
  private rows: (JoinEntry | undefined)[] = [];
  /** Index in `rows` of the first slot in use (slots before it are dropped holes). */
  private head = 0;
  /** The id of `rows[0]`. */
  private base = 0;
  /** Rows with ids below `base + head`, moved out of the array (see the class comment). */
  private older = new Map<number, JoinEntry>();
  private count = 0;
  /** Ids put in the batch in progress (an id twice when an outer join re-put it marked matched). */
  private puts: number[] = [];
  /** Ids removed in the batch in progress. */
  private removes: number[] = [];
  /** Whether an id was put twice in the batch in progress. */
  private reput = false;
  private updated = 0;
  private removed = 0;
  private delta: StateDelta<number, JoinEntry> = { version: 0, updated: [], removed: [] };

  constructor(operatorId: number) {
    this.operatorId = operatorId;
  }

  get version(): number {
    return this.committedVersion;
  }

  get size(): number {
    return this.count;
  }

  get(id: number): JoinEntry | undefined {
    const i = id - this.base;
    return i >= this.head ? this.rows[i] : this.older.get(id);
  }

  /** Adds an entry (ids come in increasing order), or replaces one (`replace`: the id is in the store). */
  put(id: number, e: JoinEntry, replace = false): void {
    const i = id - this.base;
    if (replace) {
      if (i >= this.head) this.rows[i] = e;
      else this.older.set(id, e);
      this.reput = true;
    } else {
      // `advance` and `compact` keep `base + rows.length` the next id, also when the array empties
      if (i !== this.rows.length) throw new Error(`JoinStore: row id ${id} out of order (next is ${this.base + this.rows.length})`);
      this.rows.push(e);
      this.count += 1;
    }
    this.puts.push(id);
    this.updated += 1;
  }

  remove(id: number): boolean {
    const i = id - this.base;
    if (i >= this.head) {
      if (i >= this.rows.length || this.rows[i] === undefined) return false;
      this.rows[i] = undefined;
      this.count -= 1;
      if (i === this.head) this.advance();
      else this.compact();
    } else if (this.older.delete(id)) this.count -= 1;
    else return false;
    this.removes.push(id);
    this.removed += 1;
    return true;
  }

  /** Every entry with its id, oldest first. */
  entries(): [number, JoinEntry][] {
    const out: [number, JoinEntry][] = [];
    this.forEach((e) => out.push([e.id, e]));
    return out;
  }

  /** Calls `f` on every entry, oldest id first. */
  forEach(f: (e: JoinEntry) => void): void {
    for (const e of this.older.values()) f(e);
    const rows = this.rows;
    for (let i = this.head; i < rows.length; i++) {
      const e = rows[i];
      if (e !== undefined) f(e);
    }
  }

  /** Metrics of the batch in progress (reset by `commit()`). */
  metrics(): StateStoreMetrics {
    return { numRowsTotal: this.count, numRowsUpdated: this.updated, numRowsRemoved: this.removed, memoryUsedBytes: this.count * ENTRY_BYTES };
  }

  /** The batch's changes become the delta of the next version (entries put and still there; ids removed). */
  commit(): number {
    const updated: [number, JoinEntry][] = [];
    const seen = this.reput ? new Set<number>() : undefined;
    for (const id of this.puts) {
      const e = this.get(id);
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
    return { version: this.committedVersion, entries: this.entries() };
  }

  restore(snapshot: StoreSnapshot<number, JoinEntry>): void {
    const sorted = [...snapshot.entries].sort((a, b) => a[0] - b[0]);
    this.older = new Map();
    this.rows = [];
    this.head = 0;
    this.base = sorted.length > 0 ? sorted[0]![0] : 0;
    for (const [id, e] of sorted) this.rows[id - this.base] = e;
    this.count = sorted.length;
    this.committedVersion = snapshot.version;
    this.delta = { version: snapshot.version, updated: [], removed: [] };
    this.startBatch();
    this.compact();
  }

  /** Moves the front past removed ids; when holes outnumber rows, moves the oldest rows to `older`. */
  private advance(): void {
    const rows = this.rows;
    let h = this.head;
    while (h < rows.length && rows[h] === undefined) h++;
    this.head = h;
    if (h === rows.length) {
      rows.length = 0;
      this.head = 0;
      this.base += h;
      return;
    }
    this.compact();
  }

  private compact(): void {
    const rows = this.rows;
    const inArray = this.count - this.older.size;
    const holes = rows.length - this.head - inArray;
    if (holes <= inArray || holes < 1024) {
      // drop the dropped front when it is most of the array
      if (this.head > 1024 && this.head > rows.length >>> 1) {
        this.rows = rows.slice(this.head);
        this.base += this.head;
        this.head = 0;
      }
      return;
    }
    // Holes outnumber rows: the rows before the first half of the holes go to `older`.
    let seenHoles = 0;
    let i = this.head;
    for (; i < rows.length && seenHoles < holes >>> 1; i++) {
      const e = rows[i];
      if (e === undefined) seenHoles++;
      else this.older.set(this.base + i, e);
    }
    while (i < rows.length && rows[i] === undefined) i++;
    this.rows = rows.slice(i);
    this.base += i;
    this.head = 0;
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
