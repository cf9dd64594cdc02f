import { describe, expect, it } from 'vitest';
import { latestWindowSum } from './kpi.js';

const view = (rows: Record<string, unknown>[]) => ({ table: { rows: () => rows } });

describe('latestWindowSum', () => {
  it('sums the field over the newest window only', () => {
    const rows = [
      { window: { start: 0, end: 10 }, zone: 'a', rides: 5 },
      { window: { start: 10, end: 20 }, zone: 'a', rides: 2 },
      { window: { start: 10, end: 20 }, zone: 'b', rides: 3 },
      { window: { start: 0, end: 10 }, zone: 'b', rides: 7 },
    ];
    expect(latestWindowSum('rides')(view(rows))).toBe(5);
  });

  it('is null without windowed rows and counts non-numbers as 0', () => {
    expect(latestWindowSum('rides')(view([]))).toBeNull();
    expect(latestWindowSum('rides')(view([{ rides: 4 }]))).toBeNull();
    expect(latestWindowSum('rides')(view([{ window: { start: 0, end: 1 }, rides: 'x' }, { window: { start: 0, end: 1 }, rides: 2 }]))).toBe(2);
  });
});
