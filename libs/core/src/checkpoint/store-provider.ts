/**
 * A `StateStoreProvider` whose stores are loaded from, and persisted to, a checkpoint's `state/`
 * directory. `open` rebuilds the requested version from snapshot + deltas; after the runner
 * committed the stores of a batch, `persist()` writes each store's delta (and a snapshot when one
 * is due). The stores themselves are the in-memory ones: the hot path never touches the disk.
 */
import { InMemoryStateStore } from '../state/memory-store.js';
import type { StateStore, StateStoreProvider } from '../state/store.js';
import { StreamlabError } from '../errors.js';
import type { StatePersistence } from './state-persistence.js';

/** Per-store options of `open` (an optional third argument beyond `StateStoreProvider`). */
export interface OpenStoreOptions<K> {
  /**
   * Turns a key read from disk into the key the operator uses, e.g. re-interning a tuple key with
   * the operator's `KeyInterner` so Map lookups by identity work again.
   */
  reviveKey?: (key: unknown) => K;
}

/**
 * @example
 * const provider = new CheckpointStateStoreProvider(checkpoint.state);
 * const store = provider.open<string, number>(0, plan.stateVersion);
 * store.put('a', 1);
 * store.commit();
 * await provider.persist();   // writes state/0/<version>.delta
 */
export class CheckpointStateStoreProvider implements StateStoreProvider {
  private readonly persistence: StatePersistence;
  private readonly stores = new Map<number, { store: InMemoryStateStore<unknown, unknown>; persisted: number }>();

  constructor(persistence: StatePersistence) {
    this.persistence = persistence;
  }

  /** The store of `operatorId` at `version`, rebuilt from the checkpoint (empty at version 0). */
  open<K, V>(operatorId: number, version: number, options: OpenStoreOptions<K> = {}): StateStore<K, V> {
    const open = this.stores.get(operatorId);
    if (open && open.store.version === version) return open.store as unknown as StateStore<K, V>;
    const store = new InMemoryStateStore<K, V>(operatorId, version);
    const { entries } = this.persistence.load(operatorId, version);
    const revive = options.reviveKey;
    const pairs = new Array<[K, V]>(entries.length);
    for (let i = 0; i < entries.length; i++) {
      const [k, v] = entries[i] as [unknown, V];
      pairs[i] = [revive ? revive(k) : (k as K), v];
    }
    store.restore({ version, entries: pairs });
    this.stores.set(operatorId, { store: store as InMemoryStateStore<unknown, unknown>, persisted: version });
    return store;
  }

  /**
   * Writes the last committed version of every open store that advanced since the last call.
   * Call it once per batch, after the stores committed and before `commits/N` is written.
   */
  async persist(): Promise<void> {
    for (const [operatorId, s] of this.stores) {
      const version = s.store.version;
      if (version === s.persisted) continue;
      if (version !== s.persisted + 1) {
        throw new StreamlabError(
          'CHECKPOINT_STATE_SKIPPED',
          `state store ${operatorId} committed versions ${s.persisted + 1}..${version} but only the last delta is known`,
          {
            value: { operatorId, persisted: s.persisted, version },
            hint: 'call persist() after every batch commit (the runner does this for you)',
          },
        );
      }
      const store = s.store;
      await this.persistence.persist(operatorId, version, {
        changes: store.lastDelta(),
        snapshot: () => ({ entries: store.snapshot().entries }),
      });
      s.persisted = version;
    }
  }
}
