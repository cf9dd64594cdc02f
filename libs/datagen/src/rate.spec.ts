import { describe, expect, it } from 'vitest';
import { meanRateFactor, rateFactor, type RateProfile } from './rate.js';

describe('rate profiles', () => {
  it('steady is 1 all along', () => {
    expect(rateFactor({ kind: 'steady' }, 12_345, 60_000)).toBe(1);
    expect(meanRateFactor({ kind: 'steady' }, 60_000)).toBe(1);
  });

  it('bursty multiplies the rate during bursts and its mean matches the shape', () => {
    const p: RateProfile = { kind: 'bursty', factor: 5, everyMs: 10_000, burstMs: 2_000 };
    expect(rateFactor(p, 1_000, 60_000)).toBe(5);
    expect(rateFactor(p, 3_000, 60_000)).toBe(1);
    expect(rateFactor(p, 10_500, 60_000)).toBe(5);
    let sum = 0;
    for (let t = 0; t < 60_000; t++) sum += rateFactor(p, t + 0.5, 60_000);
    expect(meanRateFactor(p, 60_000)).toBeCloseTo(sum / 60_000, 6);
  });

  it('ramping rises linearly from `from` to 1', () => {
    const p: RateProfile = { kind: 'ramping', from: 0.2 };
    expect(rateFactor(p, 0, 10_000)).toBeCloseTo(0.2);
    expect(rateFactor(p, 5_000, 10_000)).toBeCloseTo(0.6);
    expect(rateFactor(p, 10_000, 10_000)).toBeCloseTo(1);
    expect(meanRateFactor(p, 10_000)).toBeCloseTo(0.6);
  });
});
