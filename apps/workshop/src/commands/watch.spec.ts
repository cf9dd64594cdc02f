import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckResult } from '../checks-runner/run-checks.js';
import { manualFileEvents } from '../file-events.js';
import { runWorkshop } from '../program.js';
import { fixtureSteps, type FixtureSteps } from '../testing/fixture-steps.js';
import { fail, PASS, testWorkshop } from '../testing/test-workshop.js';
import { EXIT, WorkshopError } from '../errors.js';

let fx: FixtureSteps;
beforeEach(() => {
  fx = fixtureSteps();
});
afterEach(() => fx.remove());

/** A check runner whose results the spec hands out one by one, when it wants. */
function controlledChecks() {
  const calls: { dir: string; resolve: (r: CheckResult) => void }[] = [];
  return {
    calls,
    runner: (dir: string) => new Promise<CheckResult>((resolve) => calls.push({ dir, resolve })),
    /** Waits for check run number `n` (1-based) to start, and answers it. */
    async answer(n: number, result: CheckResult) {
      await vi.waitFor(() => expect(calls.length).toBeGreaterThanOrEqual(n));
      calls[n - 1]!.resolve(result);
    },
  };
}

const ex = (id: string) => `${fx.dir(id)}/exercise.ts`;
const statuses = () =>
  Object.fromEntries(
    Object.entries((JSON.parse(readFileSync(fx.progressFile, 'utf8')) as { steps: Record<string, { status?: string }> }).steps).map(([k, v]) => [k, v.status]),
  );

describe('workshop watch', () => {
  it('checks the current step, re-checks on each save of its exercise.ts, shows the failure with a hint, and moves on when it passes', async () => {
    const checks = controlledChecks();
    const events = manualFileEvents();
    const ctl = new AbortController();
    const w = testWorkshop(fx, { checks: checks.runner });
    const done = runWorkshop(['watch'], w, { signal: ctl.signal, events });

    await checks.answer(1, fail('double(2) is 4', 'double(n) returns n times 2: expected 2 to be 4'));
    await vi.waitFor(() => expect(w.io.stdout).toContain('save it to check again'));
    expect(checks.calls.map((c) => c.dir)).toEqual([fx.dir('00-double')]);
    expect(w.io.stdout).toContain('── Step 0: Double (1. Basics) ──');
    expect(w.io.stdout).toContain('  ✘ double(2) is 4\n    double(n) returns n times 2: expected 2 to be 4');
    expect(w.io.stdout).toContain('Hint 1 of 2');
    expect(events.watched()).toEqual([ex('00-double')]);

    events.save(ex('01-clicks')); // another step's file: not watched
    events.save(ex('00-double'));
    await checks.answer(2, PASS);
    await checks.answer(3, fail('has the clicksPerPage export', 'expected undefined to be function'));
    await vi.waitFor(() => expect(events.watched()).toEqual([ex('01-clicks')]));
    expect(checks.calls.map((c) => c.dir)).toEqual([fx.dir('00-double'), fx.dir('00-double'), fx.dir('01-clicks')]);
    expect(w.io.stdout).toContain('✔ Step 0 passed');
    expect(w.io.stdout).toContain('See it live: npm run workshop -- run 0');
    expect(w.io.stdout).toContain('── Step 1: Clicks per page');
    expect(w.io.stdout).toContain('  then:    save it; once it passes, npm run workshop -- run 1 (another terminal)\n');
    expect(w.io.stdout).not.toContain('then:    npm run workshop -- watch'); // already watching
    expect(statuses()).toEqual({ '00-double': 'passed', '01-clicks': 'failing' });

    ctl.abort();
    expect(await done).toBe(0);
    expect(w.io.stdout).toMatch(/Stopped watching\. Your progress is saved: npm run workshop shows it\.\n$/);
    expect(events.watched()).toEqual([]);
  });

  it('a save during a check run checks once more after it', async () => {
    const checks = controlledChecks();
    const events = manualFileEvents();
    const ctl = new AbortController();
    const w = testWorkshop(fx, { checks: checks.runner });
    const done = runWorkshop(['watch'], w, { signal: ctl.signal, events });
    await vi.waitFor(() => expect(checks.calls).toHaveLength(1));
    events.save(ex('00-double'));
    events.save(ex('00-double'));
    await checks.answer(1, fail('a', 'b'));
    await checks.answer(2, fail('a', 'c'));
    await vi.waitFor(() => expect(w.io.stdout.match(/save it to check again/g)).toHaveLength(2));
    expect(checks.calls).toHaveLength(2); // two saves during the run: one more run, not two
    ctl.abort();
    expect(await done).toBe(0);
  });

  it('ends by itself when the last step passes, bonus included', async () => {
    const w = testWorkshop(fx, { checks: [PASS, PASS, PASS] });
    const events = manualFileEvents();
    expect(await runWorkshop(['watch'], w, { signal: new AbortController().signal, events })).toBe(0);
    expect(w.checked).toEqual([fx.dir('00-double'), fx.dir('01-clicks'), fx.dir('02-extra')]);
    expect(w.io.stdout).toMatch(/Every step passed\. Well done!\n$/);
  });

  it('starts at the first step not passed', async () => {
    const first = testWorkshop(fx, { checks: [PASS] });
    await runWorkshop(['verify', '0'], first, { signal: new AbortController().signal, events: manualFileEvents() });
    const ctl = new AbortController();
    const checks = controlledChecks();
    const w = testWorkshop(fx, { checks: checks.runner });
    const done = runWorkshop(['watch'], w, { signal: ctl.signal, events: manualFileEvents() });
    await checks.answer(1, fail('x', 'y'));
    expect(checks.calls[0]!.dir).toBe(fx.dir('01-clicks'));
    ctl.abort();
    expect(await done).toBe(0);
  });

  it('says when the checks did not run (an endless loop), and tries again on the next save', async () => {
    const calls: string[] = [];
    const events = manualFileEvents();
    const ctl = new AbortController();
    const w = testWorkshop(fx, {
      checks: async (dir) => {
        calls.push(dir);
        if (calls.length === 1) {
          throw new WorkshopError('WORKSHOP_CHECKS_CRASHED', 'the checks of 00-double did not run (vitest exited with null)', {
            hint: 'they ran over 120 s: look for an endless loop in exercise.ts',
            exitCode: EXIT.failed,
          });
        }
        return fail('double(2) is 4', 'expected 2 to be 4');
      },
    });
    const done = runWorkshop(['watch'], w, { signal: ctl.signal, events });
    await vi.waitFor(() => expect(w.io.stdout).toContain('save it to check again'));
    expect(w.io.stdout).toContain(
      '✘ the checks of 00-double did not run (vitest exited with null)\n  they ran over 120 s: look for an endless loop in exercise.ts\n',
    );
    events.save(ex('00-double'));
    await vi.waitFor(() => expect(w.io.stdout).toContain('✘ double(2) is 4'));
    ctl.abort();
    expect(await done).toBe(0);
    expect(calls).toHaveLength(2);
  });

  it('stops quietly when Ctrl-C also ends a check run', async () => {
    const ctl = new AbortController();
    const w = testWorkshop(fx, {
      checks: async () => {
        ctl.abort();
        throw new WorkshopError('WORKSHOP_CHECKS_CRASHED', 'the checks did not run', { hint: 'x', exitCode: EXIT.failed });
      },
    });
    expect(await runWorkshop(['watch'], w, { signal: ctl.signal, events: manualFileEvents() })).toBe(0);
    expect(w.io.stdout).not.toContain('did not run');
    expect(w.io.stdout).toContain('Stopped watching.');
  });
});
