/**
 * The read side of a Map-backed store (`InMemoryStateStore`): the current contents, the committed
 * version and the per-batch metrics. A subclass chooses how it remembers a batch's changes for its
 * delta (e.g. an undo map, which also serves a `StateStore`'s `abort`).
 */
import type { StateDelta, StateStoreMetrics, StoreSnapshot } from './store.js';

/** Rough per-entry overhead of a Map entry plus a small value, used for `memoryUsedBytes`. */
const ENTRY_BYTES = 64;

/**
 * @example
 * class MyStore<K, V> extends MapStateStore<K, V> implements StateStore<K, V> {
 *   // put, remove, commit, abort, lastDelta, snapshot, restore
 * }
 */
export abstract class MapStateStore<K, V> {
  readonly operatorId: number;
  protected readonly data = new Map<K, V>();
  protected committedVersion: number;
  /** Keys put in the batch in progress. */
  protected updated = 0;
  /** Keys removed in the batch in progress. */
  protected removed = 0;

  constructor(operatorId: number, version: number) {
    this.operatorId = operatorId;
    this.committedVersion = version;
  }

  get version(): number {
    return this.committedVersion;
  }

  get size(): number {
    return this.data.size;
  }

  get(key: K): V | undefined {
    return this.data.get(key);
  }

  has(key: K): boolean {
    return this.data.has(key);
  }

  entries(): IterableIterator<[K, V]> {
    return this.data.entries();
  }

  /** Metrics of the batch in progress (reset by `commit()`). */
  metrics(): StateStoreMetrics {
    return {
      numRowsTotal: this.data.size,
      numRowsUpdated: this.updated,
      numRowsRemoved: this.removed,
      memoryUsedBytes: this.data.size * ENTRY_BYTES,
    };
  }

  abstract put(key: K, value: V): void;
  abstract remove(key: K): boolean;
  abstract commit(): number;
  abstract lastDelta(): StateDelta<K, V>;
  abstract snapshot(): StoreSnapshot<K, V>;
  abstract restore(snapshot: StoreSnapshot<K, V>): void;
}
