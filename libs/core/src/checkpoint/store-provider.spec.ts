import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InMemoryStateStore } from '../state/memory-store.js';
import type { StreamlabError } from '../errors.js';
import { KeyInterner } from '../state/key-interner.js';
import { StatePersistence } from './state-persistence.js';
import { CheckpointStateStoreProvider } from './store-provider.js';
import { useTempDirs } from '../node/test-dir.js';
import { StateCodec } from './value-codec.js';

const tempDir = useTempDirs();
const codec = new StateCodec();

/** Entries in a canonical order, compared by value (decoded keys are new objects). */
const canon = (entries: Iterable<readonly [unknown, unknown]>) =>
  [...entries].map(([k, v]) => [k, v] as const).sort((a, b) => JSON.stringify(codec.encode(a[0])).localeCompare(JSON.stringify(codec.encode(b[0]))));

/** Keys as an operator interns them: one frozen tuple per (card, country). */
const interner = new KeyInterner(2);
const KEYS = Array.from({ length: 6 }, (_, i) => interner.intern2(`card-${i}`, i % 2 === 0 ? 'FR' : 'DE'));

type Op = { put: number; value: number } | { remove: number };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ put: fc.nat(KEYS.length - 1), value: fc.integer({ min: -5, max: 1000 }) }),
  fc.record({ remove: fc.nat(KEYS.length - 1) }),
);

/** An aggregate buffer with non-JSON parts, as HyperLogLog and min/max keep. */
const buffer = (n: number) => ({
  count: n,
  registers: new Uint8Array([n & 255, (n >> 8) & 255]),
  min: n < 0 ? Number.NEGATIVE_INFINITY : n,
  seen: new Set([n]),
});

describe('CheckpointStateStoreProvider', () => {
  it('loads every retained version from snapshot + deltas equal to the live state at that version (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(opArb, { maxLength: 6 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 2, max: 6 }),
        async (batches, snapshotEvery, retain) => {
          const persistence = new StatePersistence(join(tempDir(), 'state'), { codec, snapshotEvery, retainVersions: retain });
          const provider = new CheckpointStateStoreProvider(persistence);
          const live = provider.open<readonly unknown[], ReturnType<typeof buffer>>(0, 0);
          const history: ReturnType<typeof canon>[] = [canon([])];
          for (const ops of batches) {
            for (const op of ops) {
              if ('put' in op) live.put(KEYS[op.put]!, buffer(op.value));
              else live.remove(KEYS[op.remove]!);
            }
            live.commit();
            await provider.persist();
            history.push(canon(live.entries()));
            await persistence.purge(live.version);
          }
          const latest = live.version;
          for (let v = Math.max(0, latest - retain + 1); v <= latest; v++) {
            expect(canon(persistence.load(0, v).entries as [unknown, unknown][])).toEqual(history[v]);
          }
          const reopened = new CheckpointStateStoreProvider(persistence).open(0, latest);
          expect(canon(reopened.entries())).toEqual(history[latest]);
          expect(reopened.version).toBe(latest);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('writes a delta per version and a snapshot every N versions', async () => {
    const persistence = new StatePersistence(join(tempDir(), 'state'), { codec, snapshotEvery: 3 });
    const provider = new CheckpointStateStoreProvider(persistence);
    const store = provider.open<string, number>(2, 0);
    for (let i = 1; i <= 7; i++) {
      store.put(`k${i}`, i);
      store.commit();
      await provider.persist();
    }
    expect(persistence.files(2).listing()).toEqual({ snapshots: [3, 6], deltas: [1, 2, 3, 4, 5, 6, 7] });
    expect(persistence.operatorIds()).toEqual([2]);
  });

  it('re-interns keys on open so the operator finds its state by key identity', async () => {
    const persistence = new StatePersistence(join(tempDir(), 'state'), { codec });
    const first = new CheckpointStateStoreProvider(persistence);
    const store = first.open<readonly unknown[], number>(0, 0);
    store.put(interner.intern2('card-1', 'FR'), 7);
    store.commit();
    await first.persist();

    const restarted = new KeyInterner(2);
    const reopened = new CheckpointStateStoreProvider(persistence).open<readonly unknown[], number>(0, 1, {
      reviveKey: (k) => restarted.intern2((k as unknown[])[0], (k as unknown[])[1]),
    });
    expect(reopened.get(restarted.intern2('card-1', 'FR'))).toBe(7);
  });

  it('a replayed batch replaces the files of the failed attempt, and a stale snapshot does not shadow the new delta', async () => {
    const dir = join(tempDir(), 'state');
    const run1 = new CheckpointStateStoreProvider(new StatePersistence(dir, { codec, snapshotEvery: 2 }));
    const s1 = run1.open<string, string>(0, 0);
    s1.put('a', 'v1');
    s1.commit();
    await run1.persist();
    // the attempt at batch 1 (state version 2) wrote its delta and snapshot, then the query crashed before commits/1
    s1.put('a', 'attempt');
    s1.commit();
    await run1.persist();

    // restart: replay batch 1 from version 1; this time it is not due a snapshot (snapshotEvery 3)
    const persistence = new StatePersistence(dir, { codec, snapshotEvery: 3 });
    const run2 = new CheckpointStateStoreProvider(persistence);
    const s2 = run2.open<string, string>(0, 1);
    expect(s2.get('a')).toBe('v1');
    s2.put('a', 'replayed');
    s2.commit();
    await run2.persist();
    expect(persistence.files(0).listing().snapshots).toEqual([]);
    expect(persistence.load(0, 2).entries).toEqual([['a', 'replayed']]);
  });

  it('refuses to persist when a store committed twice since the last persist', async () => {
    const provider = new CheckpointStateStoreProvider(new StatePersistence(join(tempDir(), 'state'), { codec }));
    const store = provider.open<string, number>(0, 0);
    store.commit();
    store.commit();
    const err = await provider.persist().catch((e: unknown) => e);
    expect((err as StreamlabError).code).toBe('CHECKPOINT_STATE_SKIPPED');
  });
});

describe('InMemoryStateStore compatibility', () => {
  it('restores from persisted entries like from its own snapshot', async () => {
    const persistence = new StatePersistence(join(tempDir(), 'state'), { codec });
    const s = new InMemoryStateStore<string, Map<string, number>>(0);
    s.put('x', new Map([['n', 1]]));
    s.commit();
    await persistence.persist(0, 1, { changes: s.lastDelta(), snapshot: () => s.snapshot() });
    const back = new InMemoryStateStore<string, Map<string, number>>(0);
    back.restore({ version: 1, entries: persistence.load(0, 1).entries as [string, Map<string, number>][] });
    expect(back.get('x')).toEqual(new Map([['n', 1]]));
  });
});
