import { describe, expect, it } from 'vitest';
import { oee } from './oee.js';
import { scheduledState, shiftOf } from './shifts.js';

describe('oee (Nakajima / ISO 22400-2)', () => {
  it('is availability x performance x quality from the summed times and counts', () => {
    // 8 h planned, 6 h running, 1,800 parts at an ideal 10 s (5 h of ideal time), 90 scrap
    const r = oee({ plannedMs: 8 * 3_600_000, runMs: 6 * 3_600_000, idealMs: 1_800 * 10_000, totalCount: 1_800, goodCount: 1_710 });
    expect(r.availability).toBeCloseTo(0.75, 12);
    expect(r.performance).toBeCloseTo(5 / 6, 12);
    expect(r.quality).toBeCloseTo(0.95, 12);
    expect(r.oee).toBeCloseTo(0.75 * (5 / 6) * 0.95, 12);
  });

  it('reports 0, not NaN, for a period with nothing planned or made', () => {
    expect(oee({ plannedMs: 0, runMs: 0, idealMs: 0, totalCount: 0, goodCount: 0 })).toEqual({ availability: 0, performance: 0, quality: 0, oee: 0 });
  });

  it('caps performance at 1 (faster than ideal means the catalog cycle time is wrong, not a better machine)', () => {
    expect(oee({ plannedMs: 10, runMs: 10, idealMs: 12, totalCount: 1, goodCount: 1 }).performance).toBe(1);
  });
});

describe('shifts', () => {
  const at = (iso: string) => Date.parse(`2026-01-05T${iso}Z`);
  it('names the shift and its bounds, the night shift crossing midnight', () => {
    expect(shiftOf(at('06:00:00'))).toEqual({ name: 'A', start: at('06:00:00'), end: at('14:00:00') });
    expect(shiftOf(at('13:59:59.999')).name).toBe('A');
    expect(shiftOf(at('14:00:00')).name).toBe('B');
    expect(shiftOf(at('23:30:00'))).toEqual({ name: 'C', start: at('22:00:00'), end: Date.parse('2026-01-06T06:00:00Z') });
    expect(shiftOf(at('05:59:00')).name).toBe('C');
  });
  it('schedules setup, running, the break, and an unstaffed night', () => {
    expect(scheduledState(at('06:05:00'), true)).toBe('setup');
    expect(scheduledState(at('07:00:00'), true)).toBe('running');
    expect(scheduledState(at('10:10:00'), true)).toBe('idle');
    expect(scheduledState(at('23:00:00'), false)).toBe('idle');
    expect(scheduledState(at('23:00:00'), true)).toBe('running');
  });
});
