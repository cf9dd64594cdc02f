import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualFileEvents } from '../file-events.js';
import { runWorkshop } from '../program.js';
import { fixtureSteps, type FixtureSteps } from '../testing/fixture-steps.js';
import { fail, PASS, testWorkshop } from '../testing/test-workshop.js';

let fx: FixtureSteps;
beforeEach(() => {
  fx = fixtureSteps();
});
afterEach(() => fx.remove());

const deps = () => ({ signal: new AbortController().signal, events: manualFileEvents() });
const rowOf = (out: string, n: number) => out.split('\n').find((l) => new RegExp(`^\\s+${n}\\s{2}`).test(l)) ?? '';

describe('workshop list', () => {
  it('lists every step with number, title, kind, chapter, minutes and "not started" on a fresh checkout, and points at step 0', async () => {
    const w = testWorkshop(fx);
    expect(await runWorkshop([], w, deps())).toBe(0);
    const out = w.io.stdout;
    expect(out).toContain('StreamLab workshop: 0 of 3 steps passed');
    expect(out).toMatch(/#\s+Step\s+Kind\s+Chapter\s+Min\s+Status/);
    expect(rowOf(out, 0)).toMatch(/0\s+Double\s+example\s+1\. Basics\s+5\s+· not started/);
    expect(rowOf(out, 1)).toMatch(/1\s+Clicks per page\s+exercise\s+3\. Windows and watermarks\s+15\s+· not started/);
    expect(rowOf(out, 2)).toMatch(/2\s+Extra\s+bonus/);
    expect(out).toContain('Next: step 0, Double');
    expect(out).toContain('00-double/README.md');
    expect(out).toContain('npm run workshop -- run 0'); // an example: run it
  });

  it('`list` shows the recorded statuses and the first failing check of the next step', async () => {
    const w = testWorkshop(fx, { checks: [PASS, fail('clicks are windowed', 'expected 1 to be 2')] });
    await runWorkshop(['verify', '0'], w, deps());
    await runWorkshop(['verify', '1'], w, deps());
    const w2 = testWorkshop(fx);
    await runWorkshop(['list'], w2, deps());
    expect(rowOf(w2.io.stdout, 0)).toContain('✔ passed');
    expect(rowOf(w2.io.stdout, 1)).toContain('✘ failing');
    expect(w2.io.stdout).toContain('Next: step 1, Clicks per page (failing: clicks are windowed)');
    expect(w2.io.stdout).toContain('npm run workshop -- watch');
  });

  it('goes to the bonus step once the others passed, and congratulates when all did', async () => {
    const w = testWorkshop(fx, { checks: [PASS, PASS, PASS] });
    await runWorkshop(['verify', '0'], w, deps());
    await runWorkshop(['verify', '1'], w, deps());
    const mid = testWorkshop(fx);
    await runWorkshop([], mid, deps());
    expect(mid.io.stdout).toContain('Next: step 2, Extra');
    await runWorkshop(['verify', '2'], w, deps());
    const done = testWorkshop(fx);
    await runWorkshop([], done, deps());
    expect(done.io.stdout).toContain('3 of 3 steps passed');
    expect(done.io.stdout).toContain('Every step passed');
  });

  it('starts afresh from an unreadable progress file', async () => {
    writeFileSync(fx.progressFile, '{ not json');
    const w = testWorkshop(fx);
    expect(await runWorkshop([], w, deps())).toBe(0);
    expect(w.io.stdout).toContain('0 of 3 steps passed');
  });

  it('lists a step folder missing a file as one that does not load, and the others as usual; verify of it says what to do (exit 2)', async () => {
    rmSync(join(fx.dir('01-clicks'), 'solution.ts'));
    const w = testWorkshop(fx);
    expect(await runWorkshop([], w, deps())).toBe(0);
    expect(rowOf(w.io.stdout, 0)).toContain('· not started');
    expect(rowOf(w.io.stdout, 1)).toMatch(/1\s+01-clicks\s+–\s+–\s+–\s+! does not load: step folder 01-clicks has no solution\.ts$/);
    expect(rowOf(w.io.stdout, 2)).toContain('Extra');
    const v = testWorkshop(fx, { checks: [] });
    expect(await runWorkshop(['verify', '1'], v, deps())).toBe(2);
    expect(v.io.stderr).toMatch(
      /^workshop: step folder 01-clicks has no solution\.ts\n {2}every step has README\.md, exercise\.ts, solution\.ts, check\.spec\.ts, step\.ts: restore the missing files with `git checkout -- \S*01-clicks`\n$/,
    );
  });

  it('prints help with the commands and the environment, and refuses an unknown command with exit 2', async () => {
    const w = testWorkshop(fx);
    expect(await runWorkshop(['--help'], w, deps())).toBe(0);
    for (const cmd of ['list', 'verify', 'watch', 'run', 'hint', 'solution', 'reset', 'clean']) expect(w.io.stdout).toContain(cmd);
    expect(w.io.stdout).toContain('WORKSHOP_PREFIX');
    const bad = testWorkshop(fx);
    expect(await runWorkshop(['wach'], bad, deps())).toBe(2);
    expect(bad.io.stderr).toContain("unknown command 'wach'");
    expect(bad.io.stderr).toContain('watch');
  });
});
