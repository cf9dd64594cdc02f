/**
 * Test kit: drive a paced run on a manual clock without sleeping. Each time the run waits on the
 * clock, `onStep` may inspect what was emitted so far, then the clock moves `stepMs` forward.
 */

/** What `driveClock` needs of a manual clock (`@streamlab/core/testing`'s `ManualClock`). */
export interface DrivableClock {
  now(): number;
  advance(ms: number): void;
  /** Resolves once something sleeps on the clock. */
  waitForSleeper(): Promise<void>;
}

/**
 * Advances `clock` by `stepMs` whenever `run` waits on it, until `run` settles; returns its result.
 *
 * @example
 * const clock = new ManualClock(0);
 * const summary = await driveClock(clock, runSimulation(sim, out, { clock }), 100, () => {
 *   expect(out.envelopes.every((e) => e.emitMs <= sim.startMs + clock.now() * speed)).toBe(true);
 * });
 */
export async function driveClock<T>(clock: DrivableClock, run: Promise<T>, stepMs: number, onStep?: (nowMs: number) => void | Promise<void>): Promise<T> {
  let settled = false;
  const done = run.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  for (;;) {
    await Promise.race([clock.waitForSleeper(), done]);
    if (settled) return run;
    await onStep?.(clock.now());
    clock.advance(stepMs);
  }
}
