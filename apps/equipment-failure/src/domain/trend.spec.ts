import { describe, expect, it } from 'vitest';
import { fitTrend } from './trend.js';

const H = 3_600_000;
describe('fitTrend', () => {
  it('extrapolates a straight degradation to its failure threshold exactly', () => {
    const f = fitTrend([0, H, 2 * H], [0.1, 0.3, 0.5]);
    expect(f.slopePerHour).toBeCloseTo(0.2, 12);
    expect(f.level).toBeCloseTo(0.5, 12);
    expect(f.rulMs).toBeCloseTo(2.5 * H, 3);
  });
  it('averages noise out of the level', () => {
    const f = fitTrend([0, H, 2 * H, 3 * H], [0.12, 0.18, 0.32, 0.38]);
    expect(f.level).toBeCloseTo(0.4, 1);
  });
  it('gives no end to a flat or improving indicator, and needs two points', () => {
    expect(fitTrend([0, H], [0.3, 0.3]).rulMs).toBe(Number.POSITIVE_INFINITY);
    expect(fitTrend([0, H], [0.3, 0.2]).rulMs).toBe(Number.POSITIVE_INFINITY);
    expect(fitTrend([0], [0.3]).rulMs).toBe(Number.POSITIVE_INFINITY);
  });
});
