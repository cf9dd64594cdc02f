/**
 * Diurnal and weekly rhythms: multipliers of activity as a function of simulated time, for models
 * whose domain has them (card spending peaks at lunch and in the evening, traffic at rush hours).
 * Pure functions of epoch ms; `utcOffsetMinutes` places the rhythm in a local time zone.
 */
import { StreamlabError } from '@streamlab/core';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** A multiplier of activity at a simulated instant (1 = average). */
export type Rhythm = (timeMs: number) => number;

/**
 * The local hour of day, as a float in `[0, 24)`.
 *
 * @example
 * hourOfDay(Date.UTC(2026, 0, 5, 13, 30)); // 13.5
 */
export function hourOfDay(timeMs: number, utcOffsetMinutes = 0): number {
  const local = timeMs + utcOffsetMinutes * 60_000;
  return (((local % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS;
}

/**
 * The local day of week, `0` = Monday ... `6` = Sunday.
 *
 * @example
 * dayOfWeek(Date.UTC(2026, 0, 5)); // 0: a Monday
 */
export function dayOfWeek(timeMs: number, utcOffsetMinutes = 0): number {
  const local = timeMs + utcOffsetMinutes * 60_000;
  const days = Math.floor(local / DAY_MS);
  // 1970-01-01 was a Thursday (index 3 when Monday is 0).
  return (((days + 3) % 7) + 7) % 7;
}

/**
 * A daily rhythm given 24 hourly weights (linearly interpolated between hour midpoints), scaled so
 * that the mean over a day is 1.
 *
 * @example
 * const shopping = diurnal([0.2,0.1,0.1,0.1,0.1,0.2,0.4,0.7,1,1.1,1.2,1.5,1.7,1.4,1.2,1.2,1.3,1.5,1.7,1.8,1.6,1.2,0.8,0.4]);
 * shopping(Date.UTC(2026, 0, 5, 12)); // > 1 at lunch time
 */
export function diurnal(hourlyWeights: readonly number[], utcOffsetMinutes = 0): Rhythm {
  if (hourlyWeights.length !== 24 || hourlyWeights.some((w) => !(w >= 0))) {
    throw new StreamlabError('DATAGEN_BAD_RHYTHM', 'diurnal() needs 24 non-negative hourly weights', {
      value: hourlyWeights,
      hint: 'pass one weight per hour, midnight first',
    });
  }
  const mean = hourlyWeights.reduce((a, b) => a + b, 0) / 24;
  const w = hourlyWeights.map((x) => (mean > 0 ? x / mean : 1));
  return (timeMs) => {
    const h = hourOfDay(timeMs, utcOffsetMinutes) - 0.5;
    const i = Math.floor(h);
    const f = h - i;
    return w[(i + 24) % 24]! * (1 - f) + w[(i + 25) % 24]! * f;
  };
}

/**
 * A smooth daily rhythm: a cosine peaking at `peakHour`, between `1 - amplitude` and `1 + amplitude`.
 *
 * @example
 * const vitalsActivity = dailyWave({ peakHour: 15, amplitude: 0.3 });
 */
export function dailyWave(opts: { peakHour: number; amplitude: number; utcOffsetMinutes?: number }): Rhythm {
  const { peakHour, amplitude, utcOffsetMinutes = 0 } = opts;
  return (timeMs) => 1 + amplitude * Math.cos(((hourOfDay(timeMs, utcOffsetMinutes) - peakHour) / 24) * 2 * Math.PI);
}

/**
 * A weekly rhythm from 7 day weights (Monday first), scaled so that the mean over a week is 1.
 *
 * @example
 * const commuting = weekly([1.2, 1.2, 1.2, 1.2, 1.1, 0.6, 0.5]);
 */
export function weekly(dayWeights: readonly number[], utcOffsetMinutes = 0): Rhythm {
  if (dayWeights.length !== 7 || dayWeights.some((w) => !(w >= 0))) {
    throw new StreamlabError('DATAGEN_BAD_RHYTHM', 'weekly() needs 7 non-negative day weights', {
      value: dayWeights,
      hint: 'pass one weight per day, Monday first',
    });
  }
  const mean = dayWeights.reduce((a, b) => a + b, 0) / 7;
  const w = dayWeights.map((x) => (mean > 0 ? x / mean : 1));
  return (timeMs) => w[dayOfWeek(timeMs, utcOffsetMinutes)]!;
}

/**
 * The product of several rhythms.
 *
 * @example
 * const traffic = combine(diurnal(rushHours), weekly([1, 1, 1, 1, 1, 0.6, 0.5]));
 */
export function combine(...rhythms: readonly Rhythm[]): Rhythm {
  return (timeMs) => {
    let m = 1;
    for (const r of rhythms) m *= r(timeMs);
    return m;
  };
}
