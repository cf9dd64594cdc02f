import { describe, expect, it } from 'vitest';
import { tickLabel, toColumns } from './timeseries.js';

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

describe('toColumns and open windows', () => {
  const series = [{ field: 'n', label: 'N' }];
  const rows = [
    { window: { start: 0, end: 10_000 }, n: 5 },
    { window: { start: 10_000, end: 20_000 }, n: 1 }, // still open at event time 15 s: reads low
  ];
  it('leaves out a window that ends after the newest event time seen, unless asked for open windows', () => {
    expect(toColumns(rows, { x: 'window', series }, 15_000)).toEqual([[0], [5]]);
    expect(toColumns(rows, { x: 'window', series }, 20_000)).toEqual([
      [0, 10],
      [5, 1],
    ]);
    expect(toColumns(rows, { x: 'window', series, openWindows: true }, 15_000)).toEqual([
      [0, 10],
      [5, 1],
    ]);
    // without event time (no progress yet) nothing is left out
    expect(toColumns(rows, { x: 'window', series }, null)[0]).toEqual([0, 10]);
  });
});

describe('tickLabel', () => {
  it('gives seconds when ticks are under a minute apart, else hours and minutes, in 24-hour local time', () => {
    const sec = new Date('2026-01-01T13:02:30').getTime() / 1000;
    expect(tickLabel(sec, 10)).toBe('13:02:30');
    expect(tickLabel(sec, 60)).toBe('13:02');
    expect(tickLabel(sec, 3600)).toBe('13:02');
  });
});
