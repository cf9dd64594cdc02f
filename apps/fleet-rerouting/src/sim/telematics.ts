/**
 * A vehicle's telematics unit: its own GPS interval (2-5 s, drawn per vehicle, each ping jittered
 * around it), and dropouts. When the link drops (for 1-3 minutes), the unit keeps taking fixes at
 * its interval but sends nothing; on reconnect it sends its current fix, then uploads the stored
 * ones in a burst (late: most are behind the queries' watermark by then), or, when the unit
 * restarted during the dropout, the stored fixes are lost. The model's `every` is `nextPingIn`.
 */
import type { Rng } from '@streamlab/datagen';
import type { Ping } from '../domain/ping.js';

/** Bounds of a vehicle's GPS interval, and of each jittered gap. */
export const PING_MIN_MS = 2_000;
export const PING_MAX_MS = 5_000;
/** Each gap is the vehicle's interval times 1 ± this. */
export const PING_JITTER = 0.1;
/** Gap between two uploads of a backlog. */
export const BURST_MS = 50;
/** Length of a dropout. */
export const DROPOUT_MIN_MS = 60_000;
export const DROPOUT_MAX_MS = 180_000;

/**
 * Mean pings per vehicle per simulated second: the mean of 1 / interval for an interval uniform
 * in [2 s, 5 s] (about 0.305; jitter is symmetric and does not change it).
 */
export const PINGS_PER_VEHICLE_SEC = Math.log(PING_MAX_MS / PING_MIN_MS) / ((PING_MAX_MS - PING_MIN_MS) / 1000);

export interface TelematicsOptions {
  /** Chance per ping sent that the link drops right after it. */
  dropoutChance: number;
  /** Share of dropouts after which the stored fixes are lost (the unit restarted), not uploaded. */
  lostBacklogShare: number;
}

export interface Telematics {
  /** This vehicle's GPS interval, ms. */
  everyMs: number;
  /** When the link dropped (0 while it is up), and when it comes back. */
  offlineFromMs: number;
  offlineUntilMs: number;
  /** Whether the fixes stored during this dropout will be lost. */
  loseBacklog: boolean;
  /** Stored fixes still to upload, oldest first. */
  backlog: Ping[];
}

/**
 * A unit with its own interval, drawn from the vehicle's generator.
 *
 * @example
 * newTelematics(rng.fork('telematics')); // { everyMs: 3412, offlineFromMs: 0, ... }
 */
export function newTelematics(rng: Rng): Telematics {
  return { everyMs: Math.round(rng.range(PING_MIN_MS, PING_MAX_MS)), offlineFromMs: 0, offlineUntilMs: 0, loseBacklog: false, backlog: [] };
}

/**
 * Simulated ms from a record at `now` to the unit's next one: the next upload of a backlog, the
 * end of a dropout, or its interval with jitter (kept within 2-5 s).
 *
 * @example
 * nextPingIn(unit, now, rng); // 3298
 */
export function nextPingIn(t: Telematics, now: number, rng: Rng): number {
  if (t.backlog.length > 0) return BURST_MS;
  if (t.offlineUntilMs > now) return t.offlineUntilMs - now;
  const gap = Math.round(t.everyMs * (1 + rng.range(-PING_JITTER, PING_JITTER)));
  return Math.min(PING_MAX_MS, Math.max(PING_MIN_MS, gap));
}

/**
 * Rolls for a dropout after a ping sent at `now` (one draw, two more when it drops).
 *
 * @example
 * maybeDrop(unit, now, rng, { dropoutChance: 0.0005, lostBacklogShare: 0.3 }); // true: silent from now
 */
export function maybeDrop(t: Telematics, now: number, rng: Rng, o: TelematicsOptions): boolean {
  if (rng.next() >= o.dropoutChance) return false;
  t.offlineFromMs = now;
  t.offlineUntilMs = now + Math.round(rng.range(DROPOUT_MIN_MS, DROPOUT_MAX_MS));
  t.loseBacklog = rng.next() < o.lostBacklogShare;
  return true;
}

/**
 * The times of the fixes the unit stored during the dropout that ends at `now` (at its interval,
 * `now` excluded: that fix is sent live), and marks the link up again.
 *
 * @example
 * reconnect(unit, now); // [t0 + 3400, t0 + 6800, ...]
 */
export function reconnect(t: Telematics, now: number): number[] {
  const times: number[] = [];
  for (let f = t.offlineFromMs + t.everyMs; f < now; f += t.everyMs) times.push(f);
  t.offlineFromMs = 0;
  return times;
}
