import { describe, expect, it } from 'vitest';
import { pushSample, rateOver, type TotalSample } from './rates.js';

describe('rateOver', () => {
  it('is rows over the wall time between batches, not over the batches’ own duration', () => {
    // 20 rows every 500 ms, each batch taking 1 ms: 40 rows/s (Spark's processedRowsPerSecond would say 20,000)
    const samples: TotalSample[] = [];
    for (let i = 0; i <= 40; i++) samples.push([i * 500, i * 20]);
    expect(rateOver(samples, 10)).toBeCloseTo(40, 9);
    expect(rateOver(samples, 3)).toBeCloseTo(40, 9);
  });

  it('follows a change of rate within its span, and counts idle time up to now', () => {
    const samples: TotalSample[] = [];
    let total = 0;
    for (let t = 0; t <= 20_000; t += 1_000) samples.push([t, (total += t <= 10_000 ? 10 : 100)]);
    expect(rateOver(samples, 5)).toBeCloseTo(100, 9);
    expect(rateOver(samples, 20)).toBeCloseTo((10 * 10 + 10 * 100) / 20, 9);
    // no batch for 5 s (no input, no batch): half the rows over the last 10 s
    expect(rateOver(samples, 10, 25_000)).toBeCloseTo((5 * 100) / 10, 9);
    expect(rateOver(samples, 10, 40_000)).toBe(0);
  });

  it('uses the span it has while history is short, and is null before two batches', () => {
    expect(
      rateOver(
        [
          [1_000, 10],
          [3_000, 50],
        ],
        10,
      ),
    ).toBe(20);
    expect(rateOver([[1_000, 10]], 10)).toBeNull();
    expect(rateOver([], 10)).toBeNull();
    expect(rateOver([[1_000, 10]], 10, 2_000)).toBeNull();
  });
});

describe('pushSample', () => {
  it('keeps one sample before the span and skips repeats', () => {
    const s: [number, number][] = [];
    for (let t = 0; t <= 10_000; t += 1_000) pushSample(s, [t, t / 100], 3_000);
    pushSample(s, [10_000, 999], 3_000);
    expect(s.map(([t]) => t)).toEqual([7_000, 8_000, 9_000, 10_000]);
    expect(s.at(-1)).toEqual([10_000, 100]);
  });
});
