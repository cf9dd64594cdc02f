import { describe, expect, it } from 'vitest';
import { KeyInterner } from './key-interner.js';
import { InMemoryStateStore } from './memory-store.js';

describe('InMemoryStateStore', () => {
  it('versions per commit, with the delta of the committed batch and per-batch metrics', () => {
    const s = new InMemoryStateStore<string, number>(3);
    s.put('a', 1);
    s.put('b', 2);
    expect(s.metrics()).toMatchObject({ numRowsTotal: 2, numRowsUpdated: 2, numRowsRemoved: 0 });
    expect(s.commit()).toBe(1);
    s.put('a', 10);
    s.remove('b');
    expect(s.metrics()).toMatchObject({ numRowsTotal: 1, numRowsUpdated: 1, numRowsRemoved: 1 });
    expect(s.commit()).toBe(2);
    expect(s.lastDelta()).toEqual({ version: 2, updated: [['a', 10]], removed: ['b'] });
    expect(s.metrics()).toMatchObject({ numRowsUpdated: 0, numRowsRemoved: 0 });
  });

  it('abort rolls back uncommitted puts and removes', () => {
    const s = new InMemoryStateStore<string, number>(0);
    s.put('a', 1);
    s.commit();
    s.put('a', 2);
    s.put('c', 3);
    s.remove('a');
    s.abort();
    expect([...s.entries()]).toEqual([['a', 1]]);
    expect(s.version).toBe(1);
  });

  it('snapshots the committed contents and restores them', () => {
    const s = new InMemoryStateStore<string, number>(0);
    s.put('a', 1);
    s.commit();
    s.put('a', 5); // uncommitted: not in the snapshot
    s.put('z', 9);
    const snap = s.snapshot();
    expect(snap).toEqual({ version: 1, entries: [['a', 1]] });
    const t = new InMemoryStateStore<string, number>(0);
    t.restore(snap);
    expect(t.get('a')).toBe(1);
    expect(t.version).toBe(1);
  });
});

describe('KeyInterner', () => {
  it('returns the same tuple object for the same values, without composite strings', () => {
    const k = new KeyInterner(2);
    const a = k.intern2('card-1', 'FR');
    expect(k.intern2('card-1', 'FR')).toBe(a);
    expect(k.internRow({ c: 'card-1', n: 'FR' }, ['c', 'n'])).toBe(a);
    expect(k.intern2('card-1', 'DE')).not.toBe(a);
    expect(k.size).toBe(2);
    const m = new Map([[a, 1]]);
    expect(m.get(k.intern2('card-1', 'FR'))).toBe(1);
  });

  it('forgets keys and prunes empty levels', () => {
    const k = new KeyInterner(3);
    const a = k.internRow({ x: 1, y: 2, z: 3 }, ['x', 'y', 'z']);
    k.forget(a);
    expect(k.size).toBe(0);
    expect(k.internRow({ x: 1, y: 2, z: 3 }, ['x', 'y', 'z'])).not.toBe(a);
  });
});
