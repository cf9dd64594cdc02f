/**
 * The in-memory `StateStore`: a Map, an undo log for the batch in progress, and the delta of the
 * last committed batch.
 */
import { MapStateStore } from './map-store.js';
import type { StateDelta, StateStore, StoreSnapshot } from './store.js';

const ABSENT = Symbol('absent');

/**
 * @example
 * const store = new InMemoryStateStore<string, number>(0);
 * store.put('a', 1);
 * store.commit();        // version 1
 * store.put('a', 2);
 * store.abort();         // back to { a: 1 }
 */
export class InMemoryStateStore<K, V> extends MapStateStore<K, V> implements StateStore<K, V> {
  private readonly undo = new Map<K, V | typeof ABSENT>();
  private delta: StateDelta<K, V>;

  constructor(operatorId: number, version = 0) {
    super(operatorId, version);
    this.delta = { version, updated: [], removed: [] };
  }

  put(key: K, value: V): void {
    if (!this.undo.has(key)) this.undo.set(key, this.data.has(key) ? (this.data.get(key) as V) : ABSENT);
    this.data.set(key, value);
    this.updated += 1;
  }

  remove(key: K): boolean {
    if (!this.data.has(key)) return false;
    if (!this.undo.has(key)) this.undo.set(key, this.data.get(key) as V);
    this.data.delete(key);
    this.removed += 1;
    return true;
  }

  commit(): number {
    const updated: [K, V][] = [];
    const removed: K[] = [];
    for (const key of this.undo.keys()) {
      if (this.data.has(key)) updated.push([key, this.data.get(key) as V]);
      else removed.push(key);
    }
    this.undo.clear();
    this.committedVersion += 1;
    this.delta = { version: this.committedVersion, updated, removed };
    this.updated = 0;
    this.removed = 0;
    return this.committedVersion;
  }

  abort(): void {
    for (const [key, old] of this.undo) {
      if (old === ABSENT) this.data.delete(key);
      else this.data.set(key, old);
    }
    this.undo.clear();
    this.updated = 0;
    this.removed = 0;
  }

  lastDelta(): StateDelta<K, V> {
    return this.delta;
  }

  snapshot(): StoreSnapshot<K, V> {
    const entries: [K, V][] = [];
    for (const [k, v] of this.data) {
      const old = this.undo.get(k);
      if (old === undefined) entries.push([k, v]);
      else if (old !== ABSENT) entries.push([k, old]);
    }
    for (const [k, old] of this.undo) if (old !== ABSENT && !this.data.has(k)) entries.push([k, old]);
    return { version: this.committedVersion, entries };
  }

  restore(snapshot: StoreSnapshot<K, V>): void {
    this.data.clear();
    this.undo.clear();
    for (const [k, v] of snapshot.entries) this.data.set(k, v);
    this.committedVersion = snapshot.version;
    this.delta = { version: snapshot.version, updated: [], removed: [] };
  }
}

/** A `StateStoreProvider` that keeps stores in memory, by operator id. */
export class InMemoryStateStoreProvider {
  private readonly stores = new Map<number, InMemoryStateStore<unknown, unknown>>();

  /** The store of `operatorId`, created empty at `version` the first time. */
  open<K, V>(operatorId: number, version: number): InMemoryStateStore<K, V> {
    let s = this.stores.get(operatorId);
    if (!s) {
      s = new InMemoryStateStore(operatorId, version);
      this.stores.set(operatorId, s);
    }
    return s as InMemoryStateStore<K, V>;
  }
}
