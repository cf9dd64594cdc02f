import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DedupStore } from './dedup-store.js';

type Entry = [string, number];
const sorted = (entries: Entry[]): Entry[] => [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

describe('DedupStore', () => {
  it('adds a key once, evicts by expiry, and versions batches with their deltas', () => {
    const s = new DedupStore<string>(4);
    expect(s.add('a', 1_500)).toBe(true);
    expect(s.add('a', 9_000)).toBe(false); // a duplicate keeps the first expiry
    expect(s.add('b', 2_200)).toBe(true);
    expect(s.add('c', 2_700)).toBe(true);
    expect(s.metrics()).toMatchObject({ numRowsTotal: 3, numRowsUpdated: 3, numRowsRemoved: 0 });
    expect(s.commit()).toBe(1);
    expect(s.lastDelta()).toEqual({
      version: 1,
      updated: [
        ['a', 1_500],
        ['b', 2_200],
        ['c', 2_700],
      ],
      removed: [],
    });
    s.add('d', 2_900);
    // a whole bucket ([1000, 2000)) and part of one ([2000, 3000)): the bound left is c's expiry
    expect(s.evictUpTo(2_500)).toBe(2_700);
    expect(sorted(s.entries())).toEqual([
      ['c', 2_700],
      ['d', 2_900],
    ]);
    expect(s.metrics()).toMatchObject({ numRowsTotal: 2, numRowsUpdated: 1, numRowsRemoved: 2 });
    expect(s.commit()).toBe(2);
    const d = s.lastDelta();
    expect(d.updated).toEqual([['d', 2_900]]);
    expect([...d.removed].sort()).toEqual(['a', 'b']);
    expect(s.add('a', 3_100)).toBe(true); // evicted keys are new again
  });

  it('leaves the batch in progress out of snapshots, and abort() restores the committed contents', () => {
    const s = new DedupStore<string>(0);
    for (const [k, e] of [
      ['a', 1_100],
      ['b', 2_100],
      ['c', 2_900],
      ['d', 5_000],
    ] as Entry[])
      s.add(k, e);
    s.commit();
    const committed = sorted(s.snapshot().entries);
    s.add('e', 2_950); // into a bucket that then loses a key
    s.add('f', 7_000); // into a new bucket
    s.evictUpTo(2_500); // all of [1000, 2000), part of [2000, 3000)
    expect(sorted(s.entries())).toEqual([
      ['c', 2_900],
      ['d', 5_000],
      ['e', 2_950],
      ['f', 7_000],
    ]);
    expect(sorted(s.snapshot().entries)).toEqual(committed);
    s.abort();
    expect(sorted(s.entries())).toEqual(committed);
    expect(s.has('e') || s.has('f')).toBe(false);
    expect(s.version).toBe(1);
    expect(s.add('a', 1_100)).toBe(false);
    expect(s.add('e', 2_950)).toBe(true);
    expect(s.evictUpTo(2_900)).toBe(2_950);
    expect(sorted(s.entries())).toEqual([
      ['d', 5_000],
      ['e', 2_950],
    ]);
  });

  it('rekey() renames every key; snapshot, abort and the delta see the batch as a rewrite', () => {
    const s = new DedupStore<string>(0);
    s.add('a', 1_000);
    s.add('b', 2_000);
    s.commit();
    s.add('c', 3_000);
    s.rekey((k) => `${k}!`);
    s.add('d!', 4_000);
    expect(sorted(s.entries())).toEqual([
      ['a!', 1_000],
      ['b!', 2_000],
      ['c!', 3_000],
      ['d!', 4_000],
    ]);
    expect(sorted(s.snapshot().entries)).toEqual([
      ['a', 1_000],
      ['b', 2_000],
    ]);
    s.abort();
    expect(sorted(s.entries())).toEqual([
      ['a', 1_000],
      ['b', 2_000],
    ]);
    s.rekey((k) => `${k}!`);
    s.commit();
    const d = s.lastDelta();
    expect(sorted(d.updated)).toEqual([
      ['a!', 1_000],
      ['b!', 2_000],
    ]);
    expect([...d.removed].sort()).toEqual(['a', 'b']);
  });

  it('refuses a batch that evicts keys it added (the order dedup relies on)', () => {
    const s = new DedupStore<string>(0);
    s.add('a', 1_000);
    expect(() => s.evictUpTo(1_000)).toThrow(expect.objectContaining({ code: 'DEDUP_STATE_ORDER' }));
    const t = new DedupStore<string>(0);
    t.evictUpTo(500);
    expect(() => t.add('a', 1_000)).toThrow(expect.objectContaining({ code: 'DEDUP_STATE_ORDER' }));
  });

  it('agrees with a Map model over random batches of adds, evictions, commits and aborts', () => {
    const batch = fc.record({
      adds: fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 6_000 })), { maxLength: 25 }),
      evict: fc.boolean(),
      advance: fc.integer({ min: 0, max: 2_500 }),
      abort: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(batch, { minLength: 1, maxLength: 12 }), (batches) => {
        const s = new DedupStore<string>(0);
        let committed = new Map<string, number>();
        let wm = 0;
        for (const b of batches) {
          const now = new Map(committed);
          const added: Entry[] = [];
          for (const [id, after] of b.adds) {
            const k = `k${id}`;
            const expiry = wm + after; // expires after the batch watermark, as dedup guarantees
            const isNew = !now.has(k);
            expect(s.add(k, expiry)).toBe(isNew);
            if (isNew) {
              now.set(k, expiry);
              added.push([k, expiry]);
            }
          }
          const removed: string[] = [];
          if (b.evict) {
            const bound = s.evictUpTo(wm);
            for (const [k, e] of now) {
              if (e <= wm) {
                now.delete(k);
                removed.push(k);
              } else expect(bound).toBeLessThanOrEqual(e);
            }
          }
          expect(sorted(s.entries())).toEqual(sorted([...now]));
          expect(sorted(s.snapshot().entries)).toEqual(sorted([...committed]));
          if (b.abort) {
            s.abort();
            expect(sorted(s.entries())).toEqual(sorted([...committed]));
          } else {
            s.commit();
            const d = s.lastDelta();
            expect(sorted(d.updated)).toEqual(sorted(added));
            expect([...d.removed].sort()).toEqual(removed.sort());
            committed = now;
            wm += b.advance;
          }
          expect(s.metrics().numRowsTotal).toBe(committed.size);
        }
      }),
      { numRuns: 300 },
    );
  });
});
