import { describe, expect, it } from 'vitest';
import { collectList } from '../../aggregates/collect-list.js';
import { count } from '../../aggregates/count.js';
import { sum } from '../../aggregates/sum.js';
import { encodeSessions, restoreSessions } from './session-codec.js';
import { addRow, allNumeric, inlineOps, type Fn } from './session-list.js';
import { N, SessionTable, SPILLED } from './session-table.js';

const numericFns = [count().fn, sum('v').fn] as Fn[];
const objectFns = [collectList('v').fn, count().fn] as Fn[];

/** Adds one row `{ v }` spanning `[start, start + 10)` to `key`. */
function add(t: SessionTable, fns: readonly Fn[], key: string, start: number, v = 1, stamp = 1): void {
  addRow(
    t,
    t.slotFor(key),
    start,
    start + 10,
    { v },
    fns.map((_, j) => (j === 0 && fns === numericFns ? undefined : 'v')),
    fns,
    inlineOps(fns),
    stamp,
  );
}

describe('SessionTable', () => {
  it('compact closes the holes of removed keys, keeping key order, sessions, first ends and the touched list', () => {
    const t = new SessionTable(2, true);
    for (let k = 0; k < 3000; k++) add(t, numericFns, `k${k}`, k * 100, k);
    for (const start of [0, 50, 150]) add(t, numericFns, 'k2999', start); // 4 sessions: spilled
    const before = (key: string) => encodeSessions(t, t.byKey.get(key)!, numericFns);
    const kept = Array.from({ length: 3000 }, (_, k) => `k${k}`).filter((_, k) => k % 3 === 0 || k === 2999);
    const expected = kept.map((k) => [k, before(k)]);
    for (let k = 0; k < 3000; k++) if (k % 3 !== 0 && k !== 2999) t.free(t.byKey.get(`k${k}`)!);
    t.touched = [t.byKey.get('k2999')!, t.byKey.get('k3')!];
    expect(t.used).toBe(3000);
    t.compact();
    expect(t.used).toBe(t.live);
    expect(t.live).toBe(kept.length);
    expect(t.keys).toEqual(kept);
    expect(kept.every((k, s) => t.byKey.get(k) === s)).toBe(true);
    expect(kept.map((k, s) => [k, encodeSessions(t, s, numericFns)])).toEqual(expected);
    expect(kept.map((_, s) => t.firstEnd[s])).toEqual(kept.map((k) => (k === 'k2999' ? 10 : Number(k.slice(1)) * 100 + 10)));
    expect(t.d[t.byKey.get('k2999')! * t.SLOT + SPILLED]).toBe(1);
    expect(t.touched).toEqual([kept.length - 1, 1]);
  });

  it('unspill moves a spilled key back inline once its sessions fit', () => {
    const t = new SessionTable(2, true);
    for (let i = 0; i < 5; i++) add(t, numericFns, 'a', i * 100, i);
    const s = t.byKey.get('a')!;
    expect(t.d[s * t.SLOT + SPILLED]).toBe(1);
    const spilled = t.memoryBytes();
    t.d[s * t.SLOT + N] = 2; // as eviction leaves it: the first two sessions kept
    t.unspill(s);
    expect(t.d[s * t.SLOT + SPILLED]).toBe(0);
    expect(t.spill[s]).toBeUndefined();
    expect(t.memoryBytes()).toBeLessThan(spilled);
    expect(encodeSessions(t, s, numericFns)).toEqual([
      [0, 10, [1, 0], null, null],
      [100, 110, [1, 1], null, null],
    ]);
  });

  it('compact leaves the table alone while holes are few', () => {
    const t = new SessionTable(2, true);
    for (let k = 0; k < 100; k++) add(t, numericFns, `k${k}`, 0);
    for (let k = 0; k < 90; k++) t.free(t.byKey.get(`k${k}`)!);
    t.compact();
    expect(t.used).toBe(100);
    expect(t.byKey.get('k95')).toBe(95);
  });

  it('grows its slots past the initial capacity without losing sessions', () => {
    const t = new SessionTable(2, true);
    for (let k = 0; k < 5000; k++) add(t, numericFns, `k${k}`, k, k);
    expect(t.used).toBe(5000);
    expect(encodeSessions(t, t.byKey.get('k7')!, numericFns)).toEqual([[7, 17, [1, 7], null, null]]);
    expect(encodeSessions(t, t.byKey.get('k4999')!, numericFns)).toEqual([[4999, 5009, [1, 4999], null, null]]);
  });

  it('snapshot form round-trips inline and spilled keys, numeric and object buffers', () => {
    for (const fns of [numericFns, objectFns]) {
      const t = new SessionTable(2, allNumeric(fns));
      for (let i = 0; i < 5; i++) add(t, fns, 'many', i * 100, i); // 5 sessions: spilled
      add(t, fns, 'one', 0, 7);
      add(t, fns, 'one', 5, 8);
      const entries = ['many', 'one'].map((k) => [k, encodeSessions(t, t.byKey.get(k)!, fns)] as [string, ReturnType<typeof encodeSessions>]);
      const copy = new SessionTable(2, allNumeric(fns));
      const minEnd = restoreSessions(copy, JSON.parse(JSON.stringify(entries)), fns, (k) => k);
      expect(minEnd).toBe(10);
      expect(copy.sessions).toBe(6);
      expect(copy.d[copy.byKey.get('many')! * copy.SLOT + SPILLED]).toBe(1);
      expect(copy.d[copy.byKey.get('many')! * copy.SLOT + N]).toBe(5);
      expect(['many', 'one'].map((k) => [k, encodeSessions(copy, copy.byKey.get(k)!, fns)])).toEqual(entries);
    }
  });

  it('memoryBytes follows the layout: slots, spill arrays, keys and object buffers', () => {
    const t = new SessionTable(2, true);
    const empty = t.memoryBytes();
    expect(empty).toBe(t.d.byteLength + t.firstEnd.byteLength + 16 * 1024);
    add(t, numericFns, 'a', 0);
    const oneKey = t.memoryBytes();
    expect(oneKey).toBeGreaterThan(empty);
    for (let i = 1; i < 5; i++) add(t, numericFns, 'a', i * 100);
    expect(t.memoryBytes()).toBeGreaterThanOrEqual(oneKey + 5 * t.R * 8);
    t.free(t.byKey.get('a')!);
    expect(t.memoryBytes()).toBe(empty);
    // object buffers count on top of the key
    const o = new SessionTable(2, false);
    const o0 = o.memoryBytes();
    add(o, objectFns, 'a', 0);
    expect(o.memoryBytes() - o0).toBeGreaterThan(oneKey - empty);
  });
});
