import { describe, expect, it } from 'vitest';
import { StreamlabError } from '@streamlab/core';
import { combine, dailyWave, dayOfWeek, diurnal, hourOfDay, weekly } from './rhythm.js';

const at = (iso: string) => Date.parse(iso);
const flat = new Array(24).fill(1);

describe('rhythms', () => {
  it('knows the local hour and the day of week (Monday = 0)', () => {
    expect(hourOfDay(at('2026-01-05T13:30:00Z'))).toBeCloseTo(13.5);
    expect(hourOfDay(at('2026-01-05T23:30:00Z'), 60)).toBeCloseTo(0.5);
    expect(dayOfWeek(at('2026-01-05T12:00:00Z'))).toBe(0); // a Monday
    expect(dayOfWeek(at('2026-01-11T12:00:00Z'))).toBe(6); // a Sunday
    expect(dayOfWeek(at('2026-01-11T23:30:00Z'), 60)).toBe(0); // Monday already at UTC+1
  });

  it('diurnal averages 1 over a day and follows its weights', () => {
    const weights = [...flat];
    weights[12] = 4;
    const r = diurnal(weights);
    let sum = 0;
    for (let m = 0; m < 24 * 60; m++) sum += r(at('2026-01-05T00:00:00Z') + m * 60_000);
    expect(sum / (24 * 60)).toBeCloseTo(1, 2);
    expect(r(at('2026-01-05T12:30:00Z'))).toBeGreaterThan(2.5 * r(at('2026-01-05T03:30:00Z')));
  });

  it('weekly and dailyWave shape activity; combine multiplies', () => {
    const w = weekly([1, 1, 1, 1, 1, 0.5, 0.5]);
    expect(w(at('2026-01-05T12:00:00Z')) / w(at('2026-01-10T12:00:00Z'))).toBeCloseTo(2);
    const wave = dailyWave({ peakHour: 15, amplitude: 0.5 });
    expect(wave(at('2026-01-05T15:00:00Z'))).toBeCloseTo(1.5);
    expect(wave(at('2026-01-05T03:00:00Z'))).toBeCloseTo(0.5);
    const both = combine(w, wave);
    expect(both(at('2026-01-05T15:00:00Z'))).toBeCloseTo(w(at('2026-01-05T15:00:00Z')) * 1.5);
  });

  it('rejects weights of the wrong shape with a coded error', () => {
    expect(() => diurnal([1, 2, 3])).toThrowError(StreamlabError);
    try {
      weekly([1, 1, 1, 1, 1, 1, -1]);
      expect.unreachable();
    } catch (err) {
      expect((err as StreamlabError).code).toBe('DATAGEN_BAD_RHYTHM');
    }
  });
});
