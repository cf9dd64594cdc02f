/**
 * Rate profiles: how the record rate varies over a run. A profile maps run time (ms since the
 * start, in wall-clock terms at the configured speed) to a multiplier of the target `--rate`.
 * Behaviour as data: a profile is plain configuration, validated with the simulation options.
 */

/** Steady: the target rate all the time. */
export interface SteadyProfile {
  kind: 'steady';
}
/** Bursty: the target rate, with bursts of `factor` x the rate lasting `burstMs` every `everyMs`. */
export interface BurstyProfile {
  kind: 'bursty';
  factor: number;
  everyMs: number;
  burstMs: number;
}
/** Ramping: from `from` x the rate at the start, linearly up to the target rate at the end. */
export interface RampingProfile {
  kind: 'ramping';
  from: number;
}
export type RateProfile = SteadyProfile | BurstyProfile | RampingProfile;

/** The default burst shape: 5x the rate for 5 s every 30 s. */
export const DEFAULT_BURSTY: BurstyProfile = { kind: 'bursty', factor: 5, everyMs: 30_000, burstMs: 5_000 };
/** The default ramp: from 10% of the rate to the rate. */
export const DEFAULT_RAMPING: RampingProfile = { kind: 'ramping', from: 0.1 };

/**
 * The profile's multiplier at `runMs` into a run of `totalMs`.
 *
 * @example
 * rateFactor({ kind: 'ramping', from: 0 }, 5_000, 10_000); // 0.5
 */
export function rateFactor(profile: RateProfile, runMs: number, totalMs: number): number {
  switch (profile.kind) {
    case 'steady':
      return 1;
    case 'bursty':
      return runMs % profile.everyMs < profile.burstMs ? profile.factor : 1;
    case 'ramping':
      return totalMs <= 0 ? 1 : profile.from + (1 - profile.from) * Math.min(1, Math.max(0, runMs / totalMs));
  }
}

/**
 * The mean multiplier over a run of `totalMs` (records expected = rate x seconds x mean).
 *
 * @example
 * meanRateFactor({ kind: 'ramping', from: 0 }, 10_000); // 0.5
 */
export function meanRateFactor(profile: RateProfile, totalMs: number): number {
  switch (profile.kind) {
    case 'steady':
      return 1;
    case 'bursty': {
      if (totalMs <= 0) return 1;
      const full = Math.floor(totalMs / profile.everyMs);
      const rest = totalMs - full * profile.everyMs;
      const burstTime = full * profile.burstMs + Math.min(rest, profile.burstMs);
      return 1 + ((profile.factor - 1) * burstTime) / totalMs;
    }
    case 'ramping':
      return (1 + profile.from) / 2;
  }
}
