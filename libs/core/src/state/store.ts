/**
 * The keyed state store of one stateful operator (Spark's StateStore), versioned per batch.
 *
 * - Keyed: keys are compared with `Map` semantics (SameValueZero). Single-column keys are the
 *   column's value; multi-column keys are interned tuples (see `KeyInterner`), never composite
 *   strings built per event.
 * - Values are treated as immutable once `put`: to change a value, put a new one. This is what
 *   lets the store keep an undo log (abort) and a delta (checkpoint) cheaply.
 * - Versioned: version `v` is the state after batch `v - 1` committed. Changes made while a batch
 *   runs are uncommitted until `commit()`; `abort()` rolls them back.
 * - Snapshots and deltas are what the checkpoint issue persists (`state/<op>/<v>.delta`,
 *   `state/<op>/<v>.snapshot`), exactly like Spark's HDFS-backed store.
 */
export interface StateStore<K, V> {
  /** The operator this store belongs to. */
  readonly operatorId: number;
  /** The last committed version (0 before any commit). */
  readonly version: number;
  /** Number of keys now (uncommitted changes included). */
  readonly size: number;

  get(key: K): V | undefined;
  has(key: K): boolean;
  put(key: K, value: V): void;
  /** Removes `key`; returns whether it was present. */
  remove(key: K): boolean;
  /** All entries now (uncommitted changes included). Do not mutate the store while iterating. */
  entries(): IterableIterator<[K, V]>;

  /** Makes the current contents version `version + 1` and returns it; resets the per-batch metrics. */
  commit(): number;
  /** Rolls back every change since the last commit. */
  abort(): void;
  /** The changes of the last committed batch: what a checkpoint writes as `<version>.delta`. */
  lastDelta(): StateDelta<K, V>;
  /** A full copy of the committed contents. */
  snapshot(): StoreSnapshot<K, V>;
  /** Replaces all contents (committed) with a snapshot; pending changes are discarded. */
  restore(snapshot: StoreSnapshot<K, V>): void;
  /** Metrics of the batch in progress (or just committed), for StateOperatorProgress. */
  metrics(): StateStoreMetrics;
}

export interface StateDelta<K, V> {
  version: number;
  updated: [K, V][];
  removed: K[];
}

export interface StoreSnapshot<K, V> {
  version: number;
  entries: [K, V][];
}

export interface StateStoreMetrics {
  numRowsTotal: number;
  numRowsUpdated: number;
  numRowsRemoved: number;
  /** Estimated bytes used by keys and values (rough but stable, as Spark's is). */
  memoryUsedBytes: number;
}

/**
 * Creates state stores for a query run. The in-memory provider keeps committed state per
 * operator across stop/start of the same checkpoint location in one process; the checkpoint
 * issue adds a provider that persists deltas and snapshots to disk.
 */
export interface StateStoreProvider {
  /** The store of `operatorId` at `version` (the last committed batch + 1; 0 for a new query). */
  open<K, V>(operatorId: number, version: number): StateStore<K, V>;
}
