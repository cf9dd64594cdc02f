/**
 * The state store of deduplication: a set of keys, each with the time it expires at (its event
 * time, or event time + delay), versioned per batch with the `StateStore` contract (commit, abort,
 * the last committed batch's delta, snapshot of the committed contents, restore, metrics).
 *
 * Layout, chosen for the per-row cost: the keys are a `Set` (one hash operation per row: `add`
 * then compare sizes), and the expiries live only in 1-second expiry buckets (a key array and an
 * expiry array each), which are at once
 * - the eviction index: evicting what the watermark passed touches those buckets only;
 * - the undo/delta log: a key added in the batch in progress is at or after its bucket's `base`
 *   (the bucket's length when the batch first added to it), and the buckets (or bucket entries)
 *   evicted in the batch are kept aside until `commit()`. An insert is two array pushes, an
 *   eviction none, instead of an operation log entry for each.
 *
 * A batch is: `add`s, then at most one `evictUpTo(watermark)`, where every key added in the batch
 * expires after that watermark (dedup drops rows at or behind it before adding), so no key is
 * both added and evicted in one batch. `evictUpTo` checks this.
 */
import { StreamlabError } from '../../errors.js';
import type { StateDelta, StateStoreMetrics, StoreSnapshot } from '../../state/store.js';

const BUCKET_MS = 1000;
/** Rough bytes per key (set entry, key slot, expiry), as `MapStateStore` estimates a Map entry. */
const ENTRY_BYTES = 64;

interface Entries<K> {
  keys: K[];
  expiries: number[];
}

interface Bucket<K> extends Entries<K> {
  /** Expiries in the bucket are in `[start, start + BUCKET_MS)`. */
  readonly start: number;
  /** The batch that last added to the bucket, and the bucket's length before that batch added. */
  epoch: number;
  base: number;
}

/** What the last committed batch changed: this batch's part of each bucket it added to, what it evicted. */
interface Changes<K> {
  added: Bucket<K>[];
  bases: number[];
  ends: number[];
  evicted: Entries<K>[];
  /** The committed entries before the batch when it re-keyed the state (`rekey`). */
  before: [K, number][] | undefined;
}

const noChanges = <K>(): Changes<K> => ({ added: [], bases: [], ends: [], evicted: [], before: undefined });

/**
 * @example
 * const store = new DedupStore<string>(0);
 * store.add('tx-1', 61_000); // true: first time
 * store.add('tx-1', 62_000); // false: a duplicate
 * store.evictUpTo(70_000);   // removes tx-1
 * store.commit();
 */
export class DedupStore<K> {
  readonly operatorId: number;
  private readonly keys = new Set<K>();
  private readonly buckets = new Map<number, Bucket<K>>();
  private last: Bucket<K> | undefined;
  /** Current batch number; bumped by commit, abort and restore. */
  private epoch = 1;
  private committedVersion: number;
  // The batch in progress.
  private added: Bucket<K>[] = [];
  private evicted: Entries<K>[] = [];
  private partlyEvicted: Entries<K> = { keys: [], expiries: [] };
  private before: [K, number][] | undefined;
  private evictedInBatch = false;
  private minAdded = Infinity;
  private numAdded = 0;
  private numRemoved = 0;
  private committedChanges: Changes<K> = noChanges();

  constructor(operatorId: number, version = 0) {
    this.operatorId = operatorId;
    this.committedVersion = version;
  }

  /** The last committed version. */
  get version(): number {
    return this.committedVersion;
  }

  /** Number of keys now (the batch in progress included). */
  get size(): number {
    return this.keys.size;
  }

  has(key: K): boolean {
    return this.keys.has(key);
  }

  /** Adds `key`, expiring at `expiry`, if absent; returns whether it was added (false: a duplicate). */
  add(key: K, expiry: number): boolean {
    const keys = this.keys;
    const n = keys.size;
    keys.add(key);
    if (keys.size === n) return false;
    let b = this.last;
    if (b === undefined || !(expiry >= b.start && expiry < b.start + BUCKET_MS)) b = this.bucketFor(expiry);
    b.keys.push(key);
    b.expiries.push(expiry);
    this.numAdded += 1;
    if (expiry < this.minAdded) this.minAdded = expiry;
    return true;
  }

  private bucketFor(expiry: number): Bucket<K> {
    if (this.evictedInBatch) {
      throw new StreamlabError('DEDUP_STATE_ORDER', 'a key was added after the eviction of this batch', {
        value: expiry,
        hint: 'add the batch rows first, then evict once with the batch watermark',
      });
    }
    const b = this.bucketAt(expiry);
    if (b.epoch !== this.epoch) {
      b.epoch = this.epoch;
      b.base = b.keys.length;
      this.added.push(b);
    }
    this.last = b;
    return b;
  }

  /**
   * Removes every key whose expiry is `<= wm` (calling `forget` with each); returns a lower bound
   * of the expiries left (`Infinity` when none).
   */
  evictUpTo(wm: number, forget?: (key: K) => void): number {
    if (this.minAdded <= wm) {
      throw new StreamlabError('DEDUP_STATE_ORDER', `a key added in this batch expires at ${this.minAdded}, not after the watermark ${wm} it is evicted with`, {
        value: { minAdded: this.minAdded, watermarkMs: wm },
        hint: 'add only keys that expire after the batch watermark (drop late rows first), then evict once',
      });
    }
    const keys = this.keys;
    let min = Infinity;
    for (const b of this.buckets.values()) {
      if (b.start > wm) {
        if (b.start < min) min = b.start;
        continue;
      }
      const bk = b.keys;
      const be = b.expiries;
      if (b.start + BUCKET_MS - 1 <= wm) {
        // the whole bucket (never one added to in this batch: those keys expire after wm)
        for (let i = 0; i < bk.length; i++) keys.delete(bk[i]!);
        if (forget !== undefined) for (let i = 0; i < bk.length; i++) forget(bk[i]!);
        this.numRemoved += bk.length;
        this.evicted.push(b);
        this.buckets.delete(b.start);
        continue;
      }
      const gone = this.partlyEvicted;
      let keep = 0;
      for (let i = 0; i < bk.length; i++) {
        const e = be[i]!;
        if (e <= wm) {
          keys.delete(bk[i]!);
          forget?.(bk[i]!);
          gone.keys.push(bk[i]!);
          gone.expiries.push(e);
        } else {
          bk[keep] = bk[i]!;
          be[keep++] = e;
          if (e < min) min = e;
        }
      }
      const n = bk.length - keep;
      this.numRemoved += n;
      // what this batch added expires after wm, so everything evicted was before `base`
      if (b.epoch === this.epoch) b.base -= n;
      if (keep === 0) this.buckets.delete(b.start);
      else bk.length = be.length = keep;
    }
    this.last = undefined;
    this.evictedInBatch = true;
    return min;
  }

  /**
   * Replaces every key by `rename(key)` (a key layout change), keeping expiries; counted as removes
   * and adds. Rare: the batch then records the committed contents as they were, for abort,
   * snapshot and its delta.
   */
  rekey(rename: (key: K) => K): void {
    this.before ??= this.snapshot().entries;
    const entries = this.entries();
    this.clear();
    this.numRemoved += entries.length;
    this.numAdded += entries.length;
    for (const [k, e] of entries) this.put({ keys: [rename(k)], expiries: [e] });
  }

  /** All entries now (the batch in progress included). */
  entries(): [K, number][] {
    const out: [K, number][] = [];
    for (const b of this.buckets.values()) for (let i = 0; i < b.keys.length; i++) out.push([b.keys[i]!, b.expiries[i]!]);
    return out;
  }

  /** The smallest expiry now (`Infinity` when empty). */
  minExpiry(): number {
    let min = Infinity;
    for (const b of this.buckets.values()) for (const e of b.expiries) if (e < min) min = e;
    return min;
  }

  /** Makes the current contents the next version and returns it; resets the per-batch metrics. */
  commit(): number {
    const added = this.added;
    this.committedChanges = {
      added,
      bases: added.map((b) => b.base),
      ends: added.map((b) => b.keys.length),
      evicted: [...this.evicted, this.partlyEvicted],
      before: this.before,
    };
    this.committedVersion += 1;
    this.startBatch();
    return this.committedVersion;
  }

  /** Rolls back every change since the last commit. */
  abort(): void {
    if (this.before !== undefined) {
      const changes = this.committedChanges;
      this.restore({ version: this.committedVersion, entries: this.before });
      this.committedChanges = changes;
      return;
    }
    for (const b of this.added) {
      for (let i = b.base; i < b.keys.length; i++) this.keys.delete(b.keys[i]!);
      b.keys.length = b.expiries.length = b.base;
      if (b.base === 0) this.buckets.delete(b.start);
    }
    for (const gone of [...this.evicted, this.partlyEvicted]) this.put(gone);
    this.startBatch();
  }

  /** The changes of the last committed batch (valid until the next batch changes the store). */
  lastDelta(): StateDelta<K, number> {
    const c = this.committedChanges;
    if (c.before !== undefined)
      return { version: this.committedVersion, updated: this.entries(), removed: c.before.map(([k]) => k).filter((k) => !this.keys.has(k)) };
    const updated: [K, number][] = [];
    c.added.forEach((b, j) => {
      for (let i = c.bases[j]!; i < c.ends[j]!; i++) updated.push([b.keys[i]!, b.expiries[i]!]);
    });
    const removed = c.evicted.flatMap((e) => e.keys);
    return { version: this.committedVersion, updated, removed };
  }

  /** The committed contents (the batch in progress left out). */
  snapshot(): StoreSnapshot<K, number> {
    if (this.before !== undefined) return { version: this.committedVersion, entries: this.before.slice() };
    const entries: [K, number][] = [];
    for (const b of this.buckets.values()) {
      const end = b.epoch === this.epoch ? b.base : b.keys.length;
      for (let i = 0; i < end; i++) entries.push([b.keys[i]!, b.expiries[i]!]);
    }
    for (const gone of [...this.evicted, this.partlyEvicted]) gone.keys.forEach((k, i) => entries.push([k, gone.expiries[i]!]));
    return { version: this.committedVersion, entries };
  }

  /** Replaces all contents (committed, as `version`); pending changes are discarded. */
  restore(snapshot: StoreSnapshot<K, number>): void {
    this.clear();
    for (const [k, e] of snapshot.entries) this.put({ keys: [k], expiries: [e] });
    this.committedVersion = snapshot.version;
    this.committedChanges = noChanges();
    this.startBatch();
  }

  /** Metrics of the batch in progress (or just committed). */
  metrics(): StateStoreMetrics {
    return { numRowsTotal: this.keys.size, numRowsUpdated: this.numAdded, numRowsRemoved: this.numRemoved, memoryUsedBytes: this.keys.size * ENTRY_BYTES };
  }

  /** Puts entries (keys not in the set) without recording them as changes of the batch. */
  private put(entries: Entries<K>): void {
    for (let i = 0; i < entries.keys.length; i++) {
      const k = entries.keys[i]!;
      const e = entries.expiries[i]!;
      if (this.keys.has(k)) continue;
      const b = this.bucketAt(e);
      this.keys.add(k);
      b.keys.push(k);
      b.expiries.push(e);
    }
  }

  /** The bucket of `expiry`, created if absent. */
  private bucketAt(expiry: number): Bucket<K> {
    const start = expiry - (((expiry % BUCKET_MS) + BUCKET_MS) % BUCKET_MS);
    let b = this.buckets.get(start);
    if (b === undefined) this.buckets.set(start, (b = { start, keys: [], expiries: [], epoch: 0, base: 0 }));
    return b;
  }

  private clear(): void {
    this.keys.clear();
    this.buckets.clear();
    this.added = [];
    this.last = undefined;
  }

  private startBatch(): void {
    this.epoch += 1;
    this.added = [];
    this.evicted = [];
    this.partlyEvicted = { keys: [], expiries: [] };
    this.before = undefined;
    this.evictedInBatch = false;
    this.minAdded = Infinity;
    this.numAdded = 0;
    this.numRemoved = 0;
    this.last = undefined;
  }
}
