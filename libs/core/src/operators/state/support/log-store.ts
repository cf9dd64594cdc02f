/**
 * A `StateStore` for insert- and evict-heavy operators (dedup): a Map plus an operation log for
 * the batch in progress (key and previous value, in order) instead of an undo Map. `abort()`
 * replays the log backwards; the delta of a committed batch is built only when asked for
 * (`lastDelta()`), so a batch that is never checkpointed as a delta pays nothing for it.
 */
import { MapStateStore } from '../../../state/map-store.js';
import type { StateDelta, StateStore, StoreSnapshot } from '../../../state/store.js';

const ABSENT = Symbol('absent');

interface Log<K, V> {
  keys: K[];
  olds: (V | typeof ABSENT)[];
}

/**
 * @example
 * const store = new LogStateStore<string, number>(0);
 * if (!store.has('tx-1')) store.putNew('tx-1', 1000);
 * store.commit();
 */
export class LogStateStore<K, V> extends MapStateStore<K, V> implements StateStore<K, V> {
  private log: Log<K, V> = { keys: [], olds: [] };
  private committedLog: Log<K, V> = { keys: [], olds: [] };

  constructor(operatorId: number, version = 0) {
    super(operatorId, version);
  }

  put(key: K, value: V): void {
    this.log.keys.push(key);
    this.log.olds.push(this.data.has(key) ? (this.data.get(key) as V) : ABSENT);
    this.data.set(key, value);
    this.updated += 1;
  }

  /** `put` for a key the caller knows is absent (one Map operation instead of three). */
  putNew(key: K, value: V): void {
    this.log.keys.push(key);
    this.log.olds.push(ABSENT);
    this.data.set(key, value);
    this.updated += 1;
  }

  remove(key: K): boolean {
    const old = this.data.get(key);
    if (old === undefined && !this.data.has(key)) return false;
    this.log.keys.push(key);
    this.log.olds.push(old as V);
    this.data.delete(key);
    this.removed += 1;
    return true;
  }

  /** `remove` for a key whose current value the caller knows (one Map operation instead of two). */
  removeKnown(key: K, value: V): boolean {
    if (!this.data.delete(key)) return false;
    this.log.keys.push(key);
    this.log.olds.push(value);
    this.removed += 1;
    return true;
  }

  commit(): number {
    this.committedLog = this.log;
    this.log = { keys: [], olds: [] };
    this.committedVersion += 1;
    this.updated = 0;
    this.removed = 0;
    return this.committedVersion;
  }

  abort(): void {
    const { keys, olds } = this.log;
    for (let i = keys.length - 1; i >= 0; i--) {
      const old = olds[i]!;
      if (old === ABSENT) this.data.delete(keys[i]!);
      else this.data.set(keys[i]!, old);
    }
    this.log = { keys: [], olds: [] };
    this.updated = 0;
    this.removed = 0;
  }

  /** The changes of the last committed batch (valid until the next batch changes the store). */
  lastDelta(): StateDelta<K, V> {
    const updated: [K, V][] = [];
    const removed: K[] = [];
    const seen = new Set<K>();
    const keys = this.committedLog.keys;
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i]!;
      if (seen.has(k)) continue;
      seen.add(k);
      if (this.data.has(k)) updated.push([k, this.data.get(k) as V]);
      else removed.push(k);
    }
    return { version: this.committedVersion, updated, removed };
  }

  /** The committed contents (changes of the batch in progress are left out). */
  snapshot(): StoreSnapshot<K, V> {
    if (this.log.keys.length === 0) return { version: this.committedVersion, entries: [...this.data] };
    const committed = new Map(this.data);
    const { keys, olds } = this.log;
    for (let i = keys.length - 1; i >= 0; i--) {
      const old = olds[i]!;
      if (old === ABSENT) committed.delete(keys[i]!);
      else committed.set(keys[i]!, old);
    }
    return { version: this.committedVersion, entries: [...committed] };
  }

  restore(snapshot: StoreSnapshot<K, V>): void {
    this.data.clear();
    for (const [k, v] of snapshot.entries) this.data.set(k, v);
    this.log = { keys: [], olds: [] };
    this.committedLog = { keys: [], olds: [] };
    this.committedVersion = snapshot.version;
  }
}
