import { describe, expect, it } from 'vitest';
import { LogStateStore } from './log-store.js';

describe('LogStateStore', () => {
  it('commits versions, aborts by replaying its log backwards, builds the delta on demand', () => {
    const s = new LogStateStore<string, number>(3);
    s.putNew('a', 1);
    s.put('b', 2);
    expect(s.commit()).toBe(1);
    s.put('a', 10);
    s.put('a', 11);
    s.remove('b');
    s.putNew('c', 3);
    expect(s.snapshot().entries).toEqual([['a', 1], ['b', 2]]);
    s.abort();
    expect([...s.entries()]).toEqual([['a', 1], ['b', 2]]);
    s.put('a', 12);
    s.remove('b');
    s.putNew('c', 4);
    s.remove('c');
    expect(s.metrics()).toMatchObject({ numRowsTotal: 1, numRowsUpdated: 2, numRowsRemoved: 2 });
    expect(s.commit()).toBe(2);
    const d = s.lastDelta();
    expect(d.version).toBe(2);
    expect(d.updated).toEqual([['a', 12]]);
    expect([...d.removed].sort()).toEqual(['b', 'c']);
    s.restore({ version: 7, entries: [['z', 9]] });
    expect(s.version).toBe(7);
    expect(s.get('z')).toBe(9);
    expect(s.lastDelta()).toEqual({ version: 7, updated: [], removed: [] });
  });
});
