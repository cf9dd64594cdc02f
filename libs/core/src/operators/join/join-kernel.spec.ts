import { describe, expect, it } from 'vitest';
import { JoinKernels } from './join-kernel.js';
import { RowMerger } from './row-merger.js';

type Row = Record<string, unknown>;

describe('JoinKernels', () => {
  const table: Row[] = [
    { id: 'a', tier: 'gold', ts: -1 },
    { id: 'b', tier: 'silver', ts: -2 },
  ];
  const unique = new Map<unknown, Row>(table.map((r) => [r.id, r]));
  const setUp = (outer: boolean): JoinKernels => {
    const merger = new RowMerger(['id', 'tier', 'ts']);
    const shape = merger.rightShape(table[0]!);
    return new JoinKernels(merger, shape, 'id', outer);
  };

  it('joins a run of rows of its shape and stops at the first row of another shape', () => {
    const rows: Row[] = [
      { ts: 1, id: 'a' },
      { ts: 2, id: 'z' },
      { ts: 3, id: 'b' },
      { id: 'a', ts: 4 },
      { ts: 5, id: 'a' },
    ];
    const kernel = setUp(false).for(rows[0])!;
    const out: unknown[] = [];
    expect(kernel(rows, 0, out, unique)).toBe(3);
    expect(out).toEqual([Object.assign({}, table[0], rows[0]), Object.assign({}, table[1], rows[2])]);
    expect(Object.keys(out[0]!)).toEqual(['id', 'tier', 'ts']);
    expect(kernel(rows, 4, out, unique)).toBe(5);
    expect(out).toHaveLength(3);
  });

  it('left outer: a row without a match gets null table columns', () => {
    const rows: Row[] = [{ ts: 2, id: 'z', extra: true }];
    const out: unknown[] = [];
    expect(setUp(true).for(rows[0])!(rows, 0, out, unique)).toBe(1);
    expect(out).toEqual([{ id: 'z', tier: null, ts: 2, extra: true }]);
    expect(Object.keys(out[0]!)).toEqual(['id', 'tier', 'ts', 'extra']);
  });

  it('has no kernel for rows a literal cannot copy like Object.assign, and caches per shape', () => {
    const kernels = setUp(false);
    expect(kernels.for(null)).toBeUndefined();
    expect(kernels.for(7)).toBeUndefined();
    expect(kernels.for(Object.create({ inherited: 1 }) as Row)).toBeUndefined();
    expect(kernels.for(JSON.parse('{"__proto__": 1, "id": "a"}'))).toBeUndefined();
    expect(kernels.for({ ts: 1, id: 'a' })).toBe(kernels.for({ ts: 9, id: 'b' }));
  });
});
