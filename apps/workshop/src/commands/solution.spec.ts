import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualFileEvents } from '../file-events.js';
import { runWorkshop } from '../program.js';
import { fixtureSteps, type FixtureSteps } from '../testing/fixture-steps.js';
import { testWorkshop } from '../testing/test-workshop.js';

let fx: FixtureSteps;
beforeEach(() => {
  fx = fixtureSteps();
});
afterEach(() => fx.remove());

const deps = () => ({ signal: new AbortController().signal, events: manualFileEvents() });

describe('workshop solution', () => {
  it('asks first and prints solution.ts on yes', async () => {
    const w = testWorkshop(fx, { answers: ['y'] });
    expect(await runWorkshop(['solution', '0'], w, deps())).toBe(0);
    expect(w.io.questions).toEqual(['Show the solution for step 0? [y/N] ']);
    expect(w.io.stdout).toContain('00-double/solution.ts\nexport function double(n: number): number {\n  return n * 2;\n}\n');
  });

  it.each([[''], ['n'], ['nope']])('shows nothing on %j (no is the default)', async (answer) => {
    const w = testWorkshop(fx, { answers: [answer] });
    expect(await runWorkshop(['solution', '0'], w, deps())).toBe(0);
    expect(w.io.stdout).not.toContain('return n * 2');
    expect(w.io.stdout).toContain('Not shown. A hint first? npm run workshop -- hint 0');
  });

  it('--yes skips the question', async () => {
    const w = testWorkshop(fx);
    expect(await runWorkshop(['solution', '0', '--yes'], w, deps())).toBe(0);
    expect(w.io.questions).toEqual([]);
    expect(w.io.stdout).toContain('return n * 2');
  });

  it('refuses an unknown step before asking', async () => {
    const w = testWorkshop(fx, { answers: ['y'] });
    expect(await runWorkshop(['solution', 'abc'], w, deps())).toBe(2);
    expect(w.io.questions).toEqual([]);
    expect(w.io.stderr).toContain('there is no step "abc"');
  });
});
