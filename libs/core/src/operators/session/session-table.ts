/**
 * The session operator's state: group key → its sessions, changed in place, with what each batch
 * changed (touched and removed keys) for delta checkpoints, and a running session count.
 *
 * Layout (one dependent load per row after the key lookup): the `Map` gives a key's slot (a small
 * integer, no object); a slot is a fixed run of doubles in one `Float64Array` (`d`): a header
 * (`N`, `STAMP`, `SPILLED`) and room for the key's first `INLINE` sessions. A session is `R`
 * doubles: start, end, emitted start/end, changed-at, replaced-list id, then its aggregation
 * buffers: the numbers themselves when every aggregate is numeric (count, sum, ...), else one
 * handle into `pool` (the buffers as JS values). A key with more than `INLINE` sessions moves them
 * to its own `Float64Array` (`spill[slot]`, capacity doubling), and back inline once eviction
 * leaves `INLINE` or fewer. Slots are handed out in key insertion order and not reused: between
 * batches `compact()` closes the holes of removed keys (keeping the order), so slot order is
 * always the `Map`'s insertion order: output, snapshots and restores see keys in the same order.
 */

/** Session record fields (offsets in a record of `R` doubles). */
export const START = 0;
export const END = 1;
/** The window of the row last emitted for the session in update mode (NaN: never emitted). */
export const EMITTED_START = 2;
export const EMITTED_END = 3;
/** The batch (`batchId + 1`) that last changed the session. */
export const CHANGED_AT = 4;
/** 0, or 1 + the id of the session's list of replaced emitted windows (update-mode retractions). */
export const REPLACED = 5;
/** First aggregation buffer (or the pool handle when buffers are not all numbers). */
export const BUFS = 6;

/** Slot header fields. */
export const N = 0;
/** The batch (`batchId + 1`) that last touched the key. */
export const STAMP = 1;
/** 1 when the key's sessions live in `spill[slot]` instead of inline. */
export const SPILLED = 2;
export const HEADER = 3;
/**
 * Sessions stored inline in a key's slot. A key holds the sessions the watermark has not passed
 * yet, about `(delay + gap) / session length` of them: mostly 1 to 3 (the issue-4 bench: 50% one,
 * 41% two, 8% three, 0.3% more). 3 measured faster than 2 there (ratio 1.63-1.83 vs 1.54-1.55)
 * for 64 more bytes per key.
 */
export const INLINE = 3;

/** Rough size of a key value and its Map entry (bytes), for `memoryUsedBytes`. */
const KEY_BYTES = 80;
/** Rough size of a `Float64Array` object with its `ArrayBuffer` (bytes, without the data). */
const TYPED_ARRAY_BYTES = 160;
/** Rough size of a non-number aggregation buffer (bytes). */
const OBJECT_BUFFER_BYTES = 40;

export class SessionTable {
  readonly byKey = new Map<unknown, number>();
  /** Doubles per session record. */
  readonly R: number;
  /** Doubles per slot (`HEADER + INLINE * R`). */
  readonly SLOT: number;
  /** Aggregation buffers per session. */
  readonly width: number;
  /** Slots: header plus inline sessions. Replaced on growth: re-read after `slotFor`. */
  d: Float64Array;
  /** Per slot, the end of its first session (its smallest end; +Infinity for a free slot). */
  firstEnd: Float64Array;
  /** Per slot, its key (`undefined` for a free slot; liveness is `N > 0`). */
  readonly keys: unknown[] = [];
  /** Per slot, its sessions when more than `INLINE` (`SPILLED` set). */
  readonly spill: (Float64Array | undefined)[] = [];
  /** Slots handed out (live and freed). */
  used = 0;
  /** Live keys. */
  live = 0;
  /** Number of sessions over all keys. */
  sessions = 0;
  /** Non-numeric buffers: `width` values per handle. */
  readonly pool: unknown[] = [];
  private readonly freeHandles: number[] = [];
  /** Replaced-window lists (update mode), by id - 1. */
  readonly replaced: ([number, number][] | undefined)[] = [];
  private readonly freeReplaced: number[] = [];
  private spillBytes = 0;
  /** Slots changed by the batch in progress (each once). */
  touched: number[] = [];
  /** Keys whose last session was removed by the batch in progress. */
  removedKeys: unknown[] = [];
  /** What the last committed batch changed. */
  committed: { touched: number[]; removed: unknown[] } = { touched: [], removed: [] };

  /**
   * @param width aggregation buffers per session.
   * @param numeric whether every buffer is a number (stored inline in the session record).
   */
  constructor(
    width: number,
    readonly numeric: boolean,
  ) {
    this.width = width;
    this.R = BUFS + (numeric ? width : 1);
    this.SLOT = HEADER + INLINE * this.R;
    this.d = new Float64Array(1024 * this.SLOT);
    this.firstEnd = new Float64Array(1024).fill(Infinity);
  }

  /** The slot of `key`, created empty (0 sessions) if absent. `this.d` may be replaced. */
  slotFor(key: unknown): number {
    const s = this.byKey.get(key);
    return s !== undefined ? s : this.add(key);
  }

  /** Creates a slot for `key` (absent) after the used ones. */
  add(key: unknown): number {
    if (this.used === this.firstEnd.length) this.grow();
    const s = this.used++;
    this.keys[s] = key;
    this.spill[s] = undefined;
    const h = s * this.SLOT;
    this.d[h + N] = 0;
    this.d[h + STAMP] = 0;
    this.d[h + SPILLED] = 0;
    this.firstEnd[s] = Infinity;
    this.byKey.set(key, s);
    this.live++;
    return s;
  }

  private grow(): void {
    const cap = this.firstEnd.length * 2;
    const d = new Float64Array(cap * this.SLOT);
    d.set(this.d);
    this.d = d;
    const f = new Float64Array(cap).fill(Infinity);
    f.set(this.firstEnd);
    this.firstEnd = f;
  }

  /** Marks slot `s` as changed in batch `stamp`. */
  mark(s: number, stamp: number): void {
    const h = s * this.SLOT + STAMP;
    if (this.d[h] !== stamp) {
      this.d[h] = stamp;
      this.touched.push(s);
    }
  }

  /** Moves the sessions of slot `s` to a spill array with room for `cap` sessions. */
  spillTo(s: number, cap: number): Float64Array {
    const h = s * this.SLOT;
    const n = this.d[h + N]!;
    const old = this.spill[s];
    const a = new Float64Array(cap * this.R);
    if (old !== undefined) {
      a.set(old.subarray(0, n * this.R));
      this.spillBytes -= old.byteLength + TYPED_ARRAY_BYTES;
    } else a.set(this.d.subarray(h + HEADER, h + HEADER + n * this.R));
    this.spill[s] = a;
    this.d[h + SPILLED] = 1;
    this.spillBytes += a.byteLength + TYPED_ARRAY_BYTES;
    return a;
  }

  /** Moves the sessions of the spilled slot `s` back inline (they fit again: `N <= INLINE`). */
  unspill(s: number): void {
    const h = s * this.SLOT;
    const a = this.spill[s]!;
    this.d.set(a.subarray(0, this.d[h + N]! * this.R), h + HEADER);
    this.spillBytes -= a.byteLength + TYPED_ARRAY_BYTES;
    this.spill[s] = undefined;
    this.d[h + SPILLED] = 0;
  }

  /** Removes the (now empty) slot `s`: its key leaves the Map; the slot stays a hole until `compact`. */
  free(s: number): void {
    const key = this.keys[s];
    const old = this.spill[s];
    if (old !== undefined) this.spillBytes -= old.byteLength + TYPED_ARRAY_BYTES;
    this.byKey.delete(key);
    this.removedKeys.push(key);
    this.keys[s] = undefined;
    this.spill[s] = undefined;
    const h = s * this.SLOT;
    this.d[h + N] = 0;
    this.d[h + SPILLED] = 0;
    this.firstEnd[s] = Infinity;
    this.live--;
  }

  /** A new buffer handle with every aggregate's initial buffer. */
  newHandle(fns: readonly { init(): unknown }[]): number {
    const h = this.freeHandles.length > 0 ? this.freeHandles.pop()! : this.pool.length / this.width;
    for (let j = 0; j < this.width; j++) this.pool[h * this.width + j] = fns[j]!.init();
    return h;
  }

  freeHandle(h: number): void {
    for (let j = 0; j < this.width; j++) this.pool[h * this.width + j] = undefined;
    this.freeHandles.push(h);
  }

  /** Appends window `w` to the replaced list `id` (0: a new list); returns the list's id. */
  addReplaced(id: number, w: [number, number]): number {
    if (id === 0) {
      const i = this.freeReplaced.length > 0 ? this.freeReplaced.pop()! : this.replaced.length;
      this.replaced[i] = [w];
      return i + 1;
    }
    this.replaced[id - 1]!.push(w);
    return id;
  }

  /** Takes (and frees) the replaced list `id` (> 0). */
  takeReplaced(id: number): [number, number][] {
    const list = this.replaced[id - 1]!;
    this.replaced[id - 1] = undefined;
    this.freeReplaced.push(id - 1);
    return list;
  }

  /** Closes the holes of removed keys when they outnumber live ones (keeps slot order). Call between batches only. */
  compact(): void {
    const holes = this.used - this.live;
    if (holes < 1024 || holes < this.live) return;
    const { d, SLOT } = this;
    const to = new Int32Array(this.used).fill(-1);
    let w = 0;
    for (let s = 0; s < this.used; s++) {
      if (d[s * SLOT + N] === 0) continue;
      to[s] = w;
      if (w !== s) {
        d.copyWithin(w * SLOT, s * SLOT, (s + 1) * SLOT);
        this.firstEnd[w] = this.firstEnd[s]!;
        this.keys[w] = this.keys[s];
        this.spill[w] = this.spill[s];
        this.byKey.set(this.keys[w], w);
      }
      w++;
    }
    this.firstEnd.fill(Infinity, w, this.used);
    this.keys.length = w;
    this.spill.length = w;
    this.used = w;
    this.touched = this.touched.map((s) => to[s]!).filter((s) => s >= 0);
  }

  /** Estimated bytes held by the state (slots, spill arrays, keys and Map entries, object buffers). */
  memoryBytes(): number {
    const slots = this.d.byteLength + this.firstEnd.byteLength + 16 * this.firstEnd.length;
    const objects = this.numeric ? 0 : (this.pool.length - this.freeHandles.length * this.width) * OBJECT_BUFFER_BYTES;
    return slots + this.spillBytes + this.live * KEY_BYTES + objects;
  }

  /** The batch committed: its changes become the delta. */
  commit(): void {
    this.committed = { touched: this.touched, removed: this.removedKeys };
    this.touched = [];
    this.removedKeys = [];
  }

  clear(): void {
    this.byKey.clear();
    this.d.fill(0);
    this.firstEnd.fill(Infinity);
    this.keys.length = 0;
    this.spill.length = 0;
    this.used = 0;
    this.live = 0;
    this.sessions = 0;
    this.pool.length = 0;
    this.freeHandles.length = 0;
    this.replaced.length = 0;
    this.freeReplaced.length = 0;
    this.spillBytes = 0;
    this.touched = [];
    this.removedKeys = [];
    this.committed = { touched: [], removed: [] };
  }
}
