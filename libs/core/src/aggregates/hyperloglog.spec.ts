import { describe, expect, it } from 'vitest';
import { HyperLogLog, precisionFor } from './hyperloglog.js';

describe('HyperLogLog', () => {
  it('uses 2^p registers for rsd 0.05 (p = 9, as Spark) whatever the input size', () => {
    expect(precisionFor(0.05)).toBe(9);
    const h = new HyperLogLog(9);
    for (let i = 0; i < 200_000; i++) h.add(`user-${i}`);
    expect(h.registers.length).toBe(512);
  });

  it.each([100, 10_000, 200_000])('estimates %i distinct strings within 3 standard errors', (n) => {
    const h = new HyperLogLog(precisionFor(0.05));
    for (let i = 0; i < n; i++) h.add(`user-${i}`);
    for (let i = 0; i < n; i++) h.add(`user-${i}`); // duplicates do not count
    const err = Math.abs(h.estimate() - n) / n;
    expect(err).toBeLessThan(3 * (1.04 / Math.sqrt(512)));
  });

  it('estimates integers and merges sketches like a union', () => {
    const a = new HyperLogLog(12);
    const b = new HyperLogLog(12);
    for (let i = 0; i < 50_000; i++) a.add(i);
    for (let i = 25_000; i < 75_000; i++) b.add(i);
    a.merge(b);
    expect(Math.abs(a.estimate() - 75_000) / 75_000).toBeLessThan(0.05);
  });
});
