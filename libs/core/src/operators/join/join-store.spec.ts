/**
 * `JoinStore`: a side's buffered rows in an array by id, with the rows that outlive the ones after
 * them moved to a Map. Whatever the order of removals, it holds exactly what a Map by id would.
 */
import { describe, expect, it } from 'vitest';
import { type JoinEntry, JoinStore } from './join-side.js';

const entry = (id: number, t = id): JoinEntry => ({ id, row: { k: `k${id}` }, t, matched: false });

/** A Map by id beside the store: the reference. */
function pair() {
  const store = new JoinStore(0);
  const ref = new Map<number, JoinEntry>();
  let next = 0;
  return {
    store,
    add(n: number): void {
      for (let i = 0; i < n; i++, next++) {
        store.put(next, entry(next));
        ref.set(next, entry(next));
      }
    },
    remove(id: number): void {
      expect(store.remove(id)).toBe(ref.delete(id));
    },
    check(): void {
      expect([...store.entries()]).toEqual([...ref].sort((a, b) => a[0] - b[0]));
      expect(store.size).toBe(ref.size);
      for (const id of [...ref.keys()].slice(0, 50)) expect(store.get(id)).toEqual(ref.get(id));
    },
  };
}

describe('JoinStore', () => {
  it('removes in arrival order, out of order and twice, as a Map by id would', () => {
    const s = pair();
    s.add(10);
    for (const id of [0, 1, 5, 3, 5, 2, 99]) s.remove(id);
    s.check();
    s.add(5);
    for (const id of [4, 6, 7, 8, 9, 10]) s.remove(id);
    s.check();
    for (const id of [11, 12, 13, 14]) s.remove(id);
    s.check();
    // empty, then filled again from the next id
    s.add(3);
    s.check();
  });

  it('a row that stays while the rows after it go is moved aside, and still found, replaced and removed', () => {
    const s = pair();
    s.add(1); // id 0 stays: its event time is far ahead of the others'
    for (let round = 0; round < 20; round++) {
      const from = 1 + round * 1000;
      s.add(1000);
      for (let id = from; id < from + 990; id++) s.remove(id);
    }
    s.check();
    // the array did not keep the ~20k holes behind id 0
    const internals = s.store as unknown as { rows: unknown[]; older: Map<number, JoinEntry> };
    expect(internals.older.has(0)).toBe(true);
    expect(internals.rows.length).toBeLessThan(5000);
    s.store.commit();
    const matched = { ...entry(0), matched: true };
    s.store.put(0, matched, true);
    expect(s.store.get(0)).toBe(matched);
    s.store.commit();
    expect(s.store.lastDelta().updated).toEqual([[0, matched]]);
    s.remove(0);
    s.check();
  });

  it('restores sparse ids (a snapshot after evictions) and keeps giving ids after them', () => {
    const store = new JoinStore(0);
    const entries = [7, 3, 2000, 12].map((id): [number, JoinEntry] => [id, entry(id)]);
    store.restore({ version: 4, entries });
    expect([...store.entries()].map(([id]) => id)).toEqual([3, 7, 12, 2000]);
    expect(store.version).toBe(4);
    store.put(2001, entry(2001));
    expect(store.remove(12)).toBe(true);
    expect(store.remove(12)).toBe(false);
    store.commit();
    expect(store.lastDelta()).toEqual({ version: 5, updated: [[2001, entry(2001)]], removed: [12] });
    expect(store.size).toBe(4);
    expect(() => store.put(5, entry(5))).toThrow(/out of order/);
  });
});
