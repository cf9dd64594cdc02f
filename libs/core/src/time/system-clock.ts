/** The default `Clock`: wall-clock time and real timers. The engine only sees the `Clock` port. */
import type { Clock } from '../ports.js';

/**
 * @example
 * const clock = new SystemClock();
 * await clock.sleepUntil(clock.now() + 1000);
 */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  sleepUntil(timeMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, Math.max(0, timeMs - Date.now()));
      function done(): void {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
