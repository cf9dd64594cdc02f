import { readFileSync } from 'node:fs';
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
const seen = (id: string) => (JSON.parse(readFileSync(fx.progressFile, 'utf8')) as { steps: Record<string, { hintsSeen: number }> }).steps[id]?.hintsSeen;

describe('workshop hint', () => {
  it('shows the next unseen hint each time, then stays on the last one and points at the solution', async () => {
    const w = testWorkshop(fx);
    expect(await runWorkshop(['hint', '1'], w, deps())).toBe(0);
    expect(w.io.stdout).toBe('Hint 1 of 3 for step 1 (Clicks per page):\nUse window().\n');
    expect(seen('01-clicks')).toBe(1);

    const w2 = testWorkshop(fx);
    await runWorkshop(['hint', '1'], w2, deps());
    expect(w2.io.stdout).toBe('Hint 2 of 3 for step 1 (Clicks per page):\nAdd withWatermark.\n');

    const w3 = testWorkshop(fx);
    await runWorkshop(['hint', '1'], w3, deps());
    await runWorkshop(['hint', '1'], w3, deps());
    expect(w3.io.stdout.match(/Hint 3 of 3/g)).toHaveLength(2);
    expect(w3.io.stdout).toContain('That is the last hint. Still stuck? npm run workshop -- solution 1');
    expect(seen('01-clicks')).toBe(3);
  });

  it('keeps a multi-line hint with its code block', async () => {
    const w = testWorkshop(fx);
    await runWorkshop(['hint', '0', '--all'], w, deps());
    expect(w.io.stdout).toBe('Hint 1 of 2 for step 0 (Double):\nMultiply by two.\n\nHint 2 of 2 for step 0 (Double):\nLike this:\n```ts\nreturn n * 2;\n```\n');
    expect(seen('00-double')).toBe(2);
  });

  it('says so when a step has no hints (exit 1), and refuses a missing number (exit 2)', async () => {
    const w = testWorkshop(fx);
    expect(await runWorkshop(['hint', '2'], w, deps())).toBe(1);
    expect(w.io.stderr).toContain('workshop: step 2 has no hints');
    expect(w.io.stderr).toContain('solution 2');
    const w2 = testWorkshop(fx);
    expect(await runWorkshop(['hint'], w2, deps())).toBe(2);
    expect(w2.io.stderr).toContain("missing required argument 'N'");
  });
});
