import { describe, expect, it } from 'vitest';
import { busyShare, parseCpuTotals } from './proc.js';

describe('machine CPU from /proc/stat', () => {
  const stat = (user: number, idle: number, iowait: number) => `cpu  ${user} 0 100 ${idle} ${iowait} 0 50 0 0 0\ncpu0 1 0 1 1 0 0 0 0 0 0\nintr 1 2\n`;

  it('counts idle and iowait as not busy, everything else as busy', () => {
    expect(parseCpuTotals(stat(1000, 5000, 200))).toEqual({ busy: 1150, total: 6350 });
  });

  it('gives the busy share of all cores between two readings', () => {
    const a = parseCpuTotals(stat(1000, 5000, 200));
    const b = parseCpuTotals(stat(1100, 5300, 200)); // 100 busy, 300 idle
    expect(busyShare(a, b)).toBeCloseTo(0.25);
    expect(busyShare(a, a)).toBe(0);
  });

  it('refuses a text without the aggregate cpu line', () => {
    expect(() => parseCpuTotals('cpu0 1 2 3 4\n')).toThrow(/no aggregate "cpu" line/);
  });
});
