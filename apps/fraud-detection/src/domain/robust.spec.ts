import { describe, expect, it } from 'vitest';
import { mad, median, robustZ } from './robust.js';

describe('median and MAD', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('is not moved by one huge outlier, unlike the mean', () => {
    expect(median([1, 2, 3, 4, 10_000])).toBe(3);
    expect(mad([1, 2, 3, 4, 10_000])).toBe(1);
  });

  it('refuses an empty list with a coded error', () => {
    expect(() => median([])).toThrowError(expect.objectContaining({ code: 'FRAUD_EMPTY_SAMPLE' }));
  });
});

describe('robustZ', () => {
  it('scales the distance from the median by the MAD', () => {
    expect(robustZ(10, 2, 1)).toBeCloseTo(5.396, 3);
    expect(robustZ(2, 2, 1)).toBe(0);
    expect(robustZ(0, 2, 1)).toBeLessThan(0);
  });

  it('floors a zero MAD instead of dividing by zero', () => {
    expect(Number.isFinite(robustZ(3, 2, 0))).toBe(true);
  });
});
