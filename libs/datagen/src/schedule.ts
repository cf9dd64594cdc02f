/**
 * When scenario incidents start: at fixed offsets, periodically, or at random at a mean rate
 * (a Poisson process on simulated time, seeded). Offsets are in simulated time from the start.
 */
import { parseDuration, StreamlabError, type Duration } from '@streamlab/core';
import type { Rng } from './prng.js';

/**
 * A schedule of incident starts.
 * - `{ at: ['10 minutes', '2 hours'] }`: at these offsets from the start
 * - `{ every: '1 hour', offset: '15 minutes' }`: periodically (first at `offset`, default `every`)
 * - `{ perHour: 2 }`: at random, 2 per simulated hour on average
 */
export type Schedule = { at: readonly Duration[] } | { every: Duration; offset?: Duration } | { perHour: number };

/**
 * The start times (epoch ms, ascending) of a schedule's incidents in `[startMs, endMs)`.
 *
 * @example
 * scheduleTimes({ every: '1 hour' }, 0, 3 * 3_600_000, rng); // [3600000, 7200000]
 */
export function scheduleTimes(schedule: Schedule, startMs: number, endMs: number, rng: Rng): number[] {
  const out: number[] = [];
  if ('at' in schedule) {
    for (const d of schedule.at) {
      const t = startMs + parseDuration(d, 'scenario schedule "at"');
      if (t < endMs) out.push(t);
    }
    return out.sort((a, b) => a - b);
  }
  if ('every' in schedule) {
    const every = parseDuration(schedule.every, 'scenario schedule "every"');
    if (every <= 0) {
      throw new StreamlabError('DATAGEN_BAD_SCHEDULE', 'scenario schedule "every" must be positive', {
        value: schedule.every,
        hint: 'use e.g. "30 minutes"',
      });
    }
    const offset = schedule.offset === undefined ? every : parseDuration(schedule.offset, 'scenario schedule "offset"');
    for (let t = startMs + offset; t < endMs; t += every) out.push(t);
    return out;
  }
  if ('perHour' in schedule) {
    if (!(schedule.perHour >= 0) || !Number.isFinite(schedule.perHour)) {
      throw new StreamlabError('DATAGEN_BAD_SCHEDULE', 'scenario schedule "perHour" must be a non-negative number', {
        value: schedule.perHour,
        hint: 'use e.g. { perHour: 2 }',
      });
    }
    if (schedule.perHour === 0) return out;
    const meanGap = 3_600_000 / schedule.perHour;
    for (let t = startMs + rng.exponential(meanGap); t < endMs; t += rng.exponential(meanGap)) out.push(Math.round(t));
    return out;
  }
  throw new StreamlabError('DATAGEN_BAD_SCHEDULE', 'a scenario schedule needs "at", "every" or "perHour"', {
    value: schedule,
    hint: "e.g. { every: '1 hour' }",
  });
}
