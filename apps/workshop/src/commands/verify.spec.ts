import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vitestCheckRunner } from '../checks-runner/run-checks.js';
import { manualFileEvents } from '../file-events.js';
import { WorkshopError } from '../errors.js';
import { runWorkshop } from '../program.js';
import { fixtureSteps, type FixtureSteps } from '../testing/fixture-steps.js';
import { fail, PASS, testWorkshop } from '../testing/test-workshop.js';

let fx: FixtureSteps;
beforeEach(() => {
  fx = fixtureSteps();
});
afterEach(() => fx.remove());

const deps = () => ({ signal: new AbortController().signal, events: manualFileEvents() });
const progress = () => JSON.parse(readFileSync(fx.progressFile, 'utf8')) as { steps: Record<string, { status?: string; failure?: string; hintsSeen: number }> };

describe('workshop verify', () => {
  it('checks the current step by default, shows the first failing check with hint 1, records it, and exits 1', async () => {
    const w = testWorkshop(fx, { checks: [fail('double(2) is 4', 'double(n) returns n times 2: expected 2 to be 4')] });
    expect(await runWorkshop(['verify'], w, deps())).toBe(1);
    expect(w.checked).toEqual([fx.dir('00-double')]);
    expect(w.io.stdout).toContain('✘ Step 0 (Double): 1 of 2 checks failing.');
    expect(w.io.stdout).toContain('  ✘ double(2) is 4\n    double(n) returns n times 2: expected 2 to be 4\n');
    expect(w.io.stdout).toContain('Hint 1 of 2 for step 0 (next: npm run workshop -- hint 0):\n    Multiply by two.');
    expect(progress().steps['00-double']).toEqual({ status: 'failing', checkedAt: '2026-01-01T12:00:00.000Z', failure: 'double(2) is 4', hintsSeen: 1 });
  });

  it("shows the failing check's own hint, not the README's next one, and counts no README hint as seen", async () => {
    const w = testWorkshop(fx, {
      checks: [fail('double(0) is 0', 'expected 1 to be 0', 'zero times two is zero: return n * 2, not n * 2 + 1')],
    });
    expect(await runWorkshop(['verify', '0'], w, deps())).toBe(1);
    expect(w.io.stdout).toContain(
      '  ✘ double(0) is 0\n    expected 1 to be 0\n\n  Hint for this check:\n    zero times two is zero: return n * 2, not n * 2 + 1\n',
    );
    expect(w.io.stdout).toContain('More hints, one at a time: npm run workshop -- hint 0');
    expect(w.io.stdout).not.toContain('Multiply by two.');
    expect(progress().steps['00-double']?.hintsSeen).toBe(0);
  });

  it('records a pass, forgets the old failure, names the next step and exits 0', async () => {
    const w = testWorkshop(fx, { checks: [fail('a', 'b'), PASS] });
    await runWorkshop(['verify', '0'], w, deps());
    expect(await runWorkshop(['verify', '0'], w, deps())).toBe(0);
    expect(w.io.stdout).toContain('✔ Step 0 passed: 2 checks green.');
    expect(w.io.stdout).toContain('Next: step 1, Clicks per page');
    expect(progress().steps['00-double']).toEqual({ status: 'passed', checkedAt: '2026-01-01T12:00:00.000Z', hintsSeen: 1 });
  });

  it('Ctrl-C during the checks: says they were stopped, records nothing, exits 0 (not "run npm install")', async () => {
    const ctl = new AbortController();
    const w = testWorkshop(fx, {
      checks: async () => {
        ctl.abort(); // the terminal's Ctrl-C reaches vitest too: it exits 130 and writes no report
        throw new WorkshopError('WORKSHOP_CHECKS_CRASHED', 'the checks did not run (vitest exited with 130)', {
          hint: 'run `npm install` if vitest is missing',
        });
      },
    });
    expect(await runWorkshop(['verify', '0'], w, { signal: ctl.signal, events: manualFileEvents() })).toBe(0);
    expect(w.io.stdout).toContain('Stopped (Ctrl-C): the checks of step 0 did not finish; nothing recorded.');
    expect(w.io.stdout + w.io.stderr).not.toContain('npm install');
    expect(existsSync(fx.progressFile) ? progress().steps['00-double']?.status : undefined).toBeUndefined();
  });

  it('--solution checks solution.ts without recording anything', async () => {
    const impls: string[] = [];
    const w = testWorkshop(fx, {
      checks: async (_dir, impl) => {
        impls.push(impl);
        return PASS;
      },
    });
    expect(await runWorkshop(['verify', '1', '--solution'], w, deps())).toBe(0);
    expect(impls).toEqual(['solution']);
    expect(w.io.stdout).toContain('against solution.ts');
    expect(() => readFileSync(fx.progressFile)).toThrow();
  });

  it('refuses a step that does not exist with the range to choose from (exit 2)', async () => {
    const w = testWorkshop(fx, { checks: [] });
    expect(await runWorkshop(['verify', '7'], w, deps())).toBe(2);
    expect(w.io.stderr).toBe('workshop: there is no step "7"\n  give a step number (0 to 2); `npm run workshop` lists them\n');
    expect(w.checked).toEqual([]);
  });

  it('runs the real checks with vitest: the shipped starter fails with its message, the solution passes, a fixed exercise passes', async () => {
    const w = testWorkshop(fx, { checks: vitestCheckRunner() });
    expect(await runWorkshop(['verify', '0'], w, deps())).toBe(1);
    expect(w.io.stdout).toMatch(
      /✘ Step 0 \(Double\): 1 of 2 checks failing\.\n\n {2}✘ double\(2\) is 4\n {4}double\(n\) returns n times 2: expected 2 to be 4/,
    );

    expect(await runWorkshop(['verify', '0', '--solution'], w, deps())).toBe(0);

    writeFileSync(join(fx.dir('00-double'), 'exercise.ts'), 'export function double(n: number): number {\n  return 2 * n;\n}\n');
    expect(await runWorkshop(['verify', '0'], w, deps())).toBe(0);
    expect(progress().steps['00-double']?.status).toBe('passed');
  }, 60_000);

  it('reports an exercise that does not load as one failing check with the error', async () => {
    writeFileSync(join(fx.dir('00-double'), 'exercise.ts'), 'export function double(n: number): number {\n  return n *;\n}\n');
    const w = testWorkshop(fx, { checks: vitestCheckRunner() });
    expect(await runWorkshop(['verify', '0'], w, deps())).toBe(1);
    expect(w.io.stdout).toContain('the checks do not run');
    expect(w.io.stdout).toContain('✘ loading the checks');
    expect(w.io.stdout).toMatch(/exercise\.ts/);
    expect(w.io.stdout).toContain('npm run workshop -- reset 0 brings the starter back');
    expect(w.io.stdout).not.toContain('Hint 1');
    expect(progress().steps['00-double']?.hintsSeen).toBe(0);
  }, 60_000);
});
