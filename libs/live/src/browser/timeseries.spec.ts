import { describe, expect, it } from 'vitest';
import { toColumns } from './timeseries.js';

describe('toColumns', () => {
  const series = [{ field: 'n', label: 'N' }];

  it('sorts by x, converts ms to seconds, sums rows with the same x (keys of one window)', () => {
    const rows = [
      { window: { start: 20_000, end: 30_000 }, zone: 'a', n: 1 },
      { window: { start: 10_000, end: 20_000 }, zone: 'a', n: 2 },
      { window: { start: 20_000, end: 30_000 }, zone: 'b', n: 4 },
    ];
    expect(toColumns(rows, { x: 'window', series })).toEqual([
      [10, 20],
      [2, 5],
    ]);
  });

  it('keeps only the newest maxPoints and skips rows without a time', () => {
    const rows = [{ ts: 1000, n: 1 }, { ts: 2000, n: 2 }, { ts: 3000, n: 3 }, { n: 9 }];
    expect(toColumns(rows, { x: 'ts', series, maxPoints: 2 })).toEqual([
      [2, 3],
      [2, 3],
    ]);
  });
});
