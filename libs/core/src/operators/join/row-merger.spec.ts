import { describe, expect, it } from 'vitest';
import { RowMerger } from './row-merger.js';

type Row = Record<string, unknown>;
/** Same own keys in the same order, same values: what Object.assign would have built. */
const same = (actual: Row, expected: Row): void => {
  expect(Object.keys(actual)).toEqual(Object.keys(expected));
  expect(actual).toEqual(expected);
};

describe('RowMerger', () => {
  const rights: Row[] = [
    { cardId: 'c1', country: 'FR', limit: 100 },
    { cardId: 'c2', limit: 200, segment: 's1' },
    { cardId: 'c3', country: 'DE', limit: 300, amount: -1 },
  ];
  const lefts: Row[] = [
    { ts: 1, cardId: 'c1', amount: 5 },
    { ts: 2, cardId: 'c2', amount: 6 },
    { cardId: 'c3', ts: 3 }, // other key order: another shape
    { ts: 4, cardId: 'c1', amount: undefined, extra: [1] },
    { ts: 5, cardId: 'c1', amount: 7 }, // back to the first shape
  ];
  const columns = ['cardId', 'country', 'limit', 'segment', 'amount'];

  it('builds exactly Object.assign({}, right, left) for every pair of shapes, left winning a clash', () => {
    const m = new RowMerger(columns);
    const shapes = rights.map((r) => m.rightShape(r));
    for (let round = 0; round < 2; round++) {
      for (const l of lefts) rights.forEach((r, i) => same(m.merge(l, r, shapes[i]!), Object.assign({}, r, l)));
    }
  });

  it('a left row without a match gets every right column as null, its own values first', () => {
    const m = new RowMerger(columns);
    for (const l of lefts) {
      const expected: Row = {};
      for (const c of columns) expected[c] = null;
      same(m.leftOnly(l), Object.assign(expected, l));
    }
  });

  it('falls back to Object.assign for field sets a literal cannot express', () => {
    const m = new RowMerger(['x']);
    const weird = JSON.parse('{"__proto__": {"p": 1}, "x": 2}') as Row;
    const shape = m.rightShape(weird);
    expect(shape).toBe(-1);
    const left = { a: 1 };
    const out = m.merge(left, weird, shape);
    same(out, Object.assign({}, weird, left));
    const noProto = Object.assign(Object.create(null) as Row, { a: 1, x: 3 });
    same(m.leftOnly(noProto), { x: 3, a: 1 });
    same(m.merge(noProto, { x: 1, y: 2 }, m.rightShape({ x: 1, y: 2 })), { x: 3, y: 2, a: 1 });
  });

  it('column names are data, never code', () => {
    const m = new RowMerger(['"); throw 1; ("']);
    const right = { '"); throw 1; ("': 'r', 'a b': 1 };
    const left = { "'": 2 };
    same(m.merge(left, right, m.rightShape(right)), Object.assign({}, right, left));
  });
});
