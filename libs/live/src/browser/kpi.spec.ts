import { describe, expect, it } from 'vitest';
import { inputRate, latestWindowSum } from './kpi.js';

const view = (rows: Record<string, unknown>[], maxEventTimeMs: number | null = 1e15) => ({ table: { rows: () => rows }, maxEventTimeMs });

describe('latestWindowSum', () => {
  it('sums the field over the newest complete window: the newest that ends by the newest event time seen', () => {
    const rows = [
      { window: { start: 0, end: 10 }, zone: 'a', rides: 5 },
      { window: { start: 10, end: 20 }, zone: 'a', rides: 2 },
      { window: { start: 10, end: 20 }, zone: 'b', rides: 3 },
      { window: { start: 20, end: 30 }, zone: 'b', rides: 1 }, // just opened: events up to 23 seen
      { window: { start: 0, end: 10 }, zone: 'b', rides: 7 },
    ];
    expect(latestWindowSum('rides')(view(rows, 23))).toBe(5);
    expect(latestWindowSum('rides')(view(rows, 30))).toBe(1);
    expect(latestWindowSum('rides')(view(rows, 19))).toBe(12);
  });

  it('is null until a window is complete, and counts non-numbers as 0', () => {
    expect(latestWindowSum('rides')(view([]))).toBeNull();
    expect(latestWindowSum('rides')(view([{ rides: 4 }]))).toBeNull();
    expect(latestWindowSum('rides')(view([{ window: { start: 0, end: 10 }, rides: 4 }], null))).toBeNull();
    expect(latestWindowSum('rides')(view([{ window: { start: 0, end: 10 }, rides: 4 }], 9))).toBeNull();
    expect(
      latestWindowSum('rides')(
        view([
          { window: { start: 0, end: 1 }, rides: 'x' },
          { window: { start: 0, end: 1 }, rides: 2 },
        ]),
      ),
    ).toBe(2);
  });
});

describe('inputRate', () => {
  const progress = (inputRowsPerSecond: number) => ({ inputRowsPerSecond }) as never;

  it('averages over the last seconds, so no-data batches (0 rows) do not pull a steady rate to 0', () => {
    // 100 rows every 500 ms, with a watermark-only batch (0 rows, rate 0) 250 ms after each.
    const history: [number, number][] = [];
    for (let t = 0; t <= 30_000; t += 500) history.push([t, 100], [t + 250, 0]);
    const rate = inputRate(10);
    expect(rate({ inputHistory: history, progress: progress(0) })).toBeCloseTo(200, 6);
    expect(rate({ inputHistory: history.slice(0, -1), progress: progress(400) })).toBeCloseTo(200, 6);
  });

  it('follows a change of rate within its span', () => {
    const history: [number, number][] = [];
    for (let t = 0; t < 20_000; t += 1000) history.push([t, 50]);
    for (let t = 20_000; t <= 40_000; t += 1000) history.push([t, 500]);
    expect(inputRate(5)({ inputHistory: history, progress: progress(500) })).toBeCloseTo(500, 6);
    expect(inputRate(10)({ inputHistory: history.slice(0, 26), progress: progress(500) })).toBeCloseTo((6 * 500 + 4 * 50) / 10, 6); // the batch at 20 s holds the rows of 19-20 s
  });

  it('uses the span it has while history is short, and the batch rate or null before that', () => {
    expect(
      inputRate(10)({
        inputHistory: [
          [0, 10],
          [2000, 300],
        ],
        progress: progress(150),
      }),
    ).toBeCloseTo(150, 6);
    expect(inputRate(10)({ inputHistory: [[0, 10]], progress: progress(42) })).toBe(42);
    expect(inputRate(10)({ inputHistory: [], progress: null })).toBeNull();
  });
});
