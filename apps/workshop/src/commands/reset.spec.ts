import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualFileEvents } from '../file-events.js';
import { runWorkshop } from '../program.js';
import { shippedVersion } from './reset.js';
import { fixtureSteps, type FixtureSteps } from '../testing/fixture-steps.js';
import { fail, testWorkshop } from '../testing/test-workshop.js';

let fx: FixtureSteps;
beforeEach(() => {
  fx = fixtureSteps();
});
afterEach(() => fx.remove());

const deps = () => ({ signal: new AbortController().signal, events: manualFileEvents() });
const git = (...args: string[]) => execFileSync('git', args, { cwd: fx.root, stdio: 'pipe' });

/** The fixture folder as its own repository, the steps committed as shipped. */
function commitFixture() {
  git('init', '-q');
  git('add', 'steps');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'steps');
}

const exercise = () => `${fx.dir('00-double')}/exercise.ts`;
const shipped = 'export function double(n: number): number {\n  // TODO: double it\n  return n;\n}\n';

describe('workshop reset', () => {
  it('asks, then restores exercise.ts as committed and forgets the step’s check result (hints seen are kept)', async () => {
    commitFixture();
    const w0 = testWorkshop(fx, { checks: [fail('double(2) is 4', 'x')] });
    await runWorkshop(['verify', '0'], w0, deps());
    writeFileSync(exercise(), 'export function double(n: number): number {\n  return n + n + 1;\n}\n');
    const w = testWorkshop(fx, { answers: ['yes'] });
    expect(await runWorkshop(['reset', '0'], w, deps())).toBe(0);
    expect(w.io.questions[0]).toMatch(/^Reset .*00-double\/exercise\.ts to the shipped starter\? Your changes to it will be lost\. \[y\/N\] $/);
    expect(readFileSync(exercise(), 'utf8')).toBe(shipped);
    expect(w.io.stdout).toContain("Step 0's exercise.ts is back as shipped; the step is marked not started (its hints seen are kept).");
    expect(JSON.parse(readFileSync(fx.progressFile, 'utf8')).steps['00-double']).toEqual({ hintsSeen: 1 });
  });

  it('changes nothing when the answer is no', async () => {
    commitFixture();
    const edited = 'export function double(n: number): number {\n  return 2 * n;\n}\n';
    writeFileSync(exercise(), edited);
    const w = testWorkshop(fx, { answers: ['n'] });
    expect(await runWorkshop(['reset', '0'], w, deps())).toBe(0);
    expect(readFileSync(exercise(), 'utf8')).toBe(edited);
    expect(w.io.stdout).toContain('Not reset.');
  });

  it('--yes restores without asking', async () => {
    commitFixture();
    writeFileSync(exercise(), 'broken');
    const w = testWorkshop(fx);
    expect(await runWorkshop(['reset', '0', '-y'], w, deps())).toBe(0);
    expect(w.io.questions).toEqual([]);
    expect(readFileSync(exercise(), 'utf8')).toBe(shipped);
  });

  it('says what to do when the step is not committed in git (exit 2), without asking', async () => {
    git('init', '-q'); // a repository, but the steps are not committed
    const w = testWorkshop(fx, { answers: ['y'] });
    expect(await runWorkshop(['reset', '0'], w, deps())).toBe(2);
    expect(w.io.questions).toEqual([]);
    expect(w.io.stderr).toMatch(/^workshop: cannot reset .*exercise\.ts: git has no committed version of it\n/);
  });

  it('says the workshop is not a git checkout when it is not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'workshop-nogit-'));
    try {
      writeFileSync(join(dir, 'exercise.ts'), 'x');
      expect(() => shippedVersion(join(dir, 'exercise.ts'))).toThrow(/the workshop is not a git checkout.*git clone/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
