/**
 * A `Clock` that moves only when told to (Spark's StreamManualClock, RxJS's TestScheduler):
 * processing-time triggers and timeouts become deterministic.
 */
import { StreamlabError } from '../errors.js';
import type { Clock } from '../ports.js';

interface Sleeper {
  until: number;
  resolve: () => void;
}

/**
 * @example
 * const clock = new ManualClock(0);
 * const woke = clock.sleepUntil(1000);
 * clock.advance(1000); // `woke` resolves
 */
export class ManualClock implements Clock {
  private time: number;
  private sleepers: Sleeper[] = [];
  private waiterListeners: (() => void)[] = [];

  constructor(startMs = 0) {
    this.time = startMs;
  }

  now(): number {
    return this.time;
  }

  sleepUntil(timeMs: number, signal?: AbortSignal): Promise<void> {
    if (timeMs <= this.time || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const sleeper: Sleeper = {
        until: timeMs,
        resolve: () => {
          this.sleepers = this.sleepers.filter((s) => s !== sleeper);
          resolve();
        },
      };
      this.sleepers.push(sleeper);
      signal?.addEventListener('abort', () => sleeper.resolve(), { once: true });
      const listeners = this.waiterListeners;
      this.waiterListeners = [];
      for (const l of listeners) l();
    });
  }

  /** Moves time forward by `ms` and wakes every sleeper whose time has come. */
  advance(ms: number): void {
    if (!(ms >= 0)) {
      throw new StreamlabError('BAD_CLOCK_ADVANCE', `ManualClock.advance needs a non-negative number of ms, got ${ms}`, {
        value: ms,
        hint: 'time only moves forward: advance(1000)',
      });
    }
    this.setTime(this.time + ms);
  }

  /** Sets the time (never backwards) and wakes due sleepers. */
  setTime(timeMs: number): void {
    if (timeMs < this.time) {
      throw new StreamlabError('BAD_CLOCK_ADVANCE', `ManualClock cannot go back from ${this.time} to ${timeMs}`, {
        value: timeMs,
        hint: `set a time >= ${this.time}`,
      });
    }
    this.time = timeMs;
    for (const s of this.sleepers.filter((x) => x.until <= timeMs)) s.resolve();
  }

  /** Whether something is sleeping until a time after now (e.g. a trigger waiting for its tick). */
  isWaiting(): boolean {
    return this.sleepers.some((s) => s.until > this.time);
  }

  /** Resolves once something sleeps on this clock (Spark's `isStreamWaitingAt`). */
  waitForSleeper(): Promise<void> {
    if (this.isWaiting()) return Promise.resolve();
    return new Promise((resolve) => this.waiterListeners.push(resolve));
  }
}
