import { describe, expect, it } from 'vitest';
import { ResultTable, rowKey } from './result-table.js';

describe('ResultTable', () => {
  it('update mode keeps one row per grouping key, the latest', () => {
    const t = new ResultTable();
    t.apply(
      'update',
      ['word'],
      [
        { word: 'dog', n: 1 },
        { word: 'cat', n: 1 },
      ],
    );
    t.apply('update', ['word'], [{ word: 'dog', n: 2 }]);
    expect(t.rows()).toEqual([
      { word: 'cat', n: 1 },
      { word: 'dog', n: 2 },
    ]);
  });

  it('update mode keys by composite keys including window objects', () => {
    const t = new ResultTable();
    const w1 = { start: 0, end: 10 };
    const w2 = { start: 10, end: 20 };
    t.apply(
      'update',
      ['window', 'word'],
      [
        { window: w1, word: 'dog', n: 1 },
        { window: w2, word: 'dog', n: 1 },
      ],
    );
    t.apply('update', ['window', 'word'], [{ window: { start: 0, end: 10 }, word: 'dog', n: 5 }]);
    expect(t.size).toBe(2);
    expect(t.rows().map((r) => r.n)).toEqual([1, 5]);
  });

  it('update mode deletes removed rows by key', () => {
    const t = new ResultTable();
    t.apply(
      'update',
      ['s'],
      [
        { s: 'a', n: 1 },
        { s: 'b', n: 1 },
      ],
    );
    t.apply(
      'update',
      ['s'],
      [{ s: 'ab', n: 2 }],
      [
        { s: 'a', n: 1 },
        { s: 'b', n: 1 },
      ],
    );
    expect(t.rows()).toEqual([{ s: 'ab', n: 2 }]);
  });

  it('update mode without key fields appends (a query with no aggregation)', () => {
    const t = new ResultTable();
    t.apply('update', [], [{ a: 1 }]);
    t.apply('update', [], [{ a: 1 }]);
    expect(t.size).toBe(2);
  });

  it('append mode appends and keeps only the newest maxRows', () => {
    const t = new ResultTable({ maxRows: 3 });
    t.apply('append', [], [{ i: 1 }, { i: 2 }]);
    t.apply('append', [], [{ i: 3 }, { i: 4 }, { i: 5 }]);
    expect(t.rows().map((r) => r.i)).toEqual([3, 4, 5]);
  });

  it('complete mode replaces the table every batch', () => {
    const t = new ResultTable();
    t.apply(
      'complete',
      ['k'],
      [
        { k: 'a', n: 1 },
        { k: 'b', n: 1 },
      ],
    );
    t.apply('complete', ['k'], [{ k: 'a', n: 2 }]);
    expect(t.rows()).toEqual([{ k: 'a', n: 2 }]);
  });

  it('bounds update tables by evicting the least recently changed keys', () => {
    const t = new ResultTable({ maxRows: 2 });
    t.apply('update', ['k'], [{ k: 'a' }, { k: 'b' }]);
    t.apply('update', ['k'], [{ k: 'a', v: 1 }]);
    t.apply('update', ['k'], [{ k: 'c' }]);
    expect(t.rows().map((r) => r.k)).toEqual(['a', 'c']);
  });

  it('load() replaces the content with a snapshot', () => {
    const t = new ResultTable();
    t.apply('append', [], [{ i: 1 }]);
    t.load('append', [], [{ i: 9 }]);
    expect(t.rows()).toEqual([{ i: 9 }]);
  });

  it('rejects a non-positive bound', () => {
    expect(() => new ResultTable({ maxRows: 0 })).toThrow(/maxRows/);
  });

  it('rowKey distinguishes values that would collide as joined strings', () => {
    expect(rowKey({ a: 'x|y', b: 'z' }, ['a', 'b'])).not.toBe(rowKey({ a: 'x', b: 'y|z' }, ['a', 'b']));
    expect(rowKey({ a: 1 }, ['a'])).not.toBe(rowKey({ a: '1' }, ['a']));
  });
});
