/** `hint N [--all]`: the next hint of a step not shown yet (from its README's `## Hints`). */
import { EXIT, WorkshopError } from '../errors.js';
import { loadProgress, shown, stepByNumber, type Workshop } from '../workshop.js';

/**
 * @example
 * await hintCommand(workshop, '3', {}); // "Hint 2 of 3 for step 3 (Windows): ..."
 */
export async function hintCommand(w: Workshop, arg: string, opts: { all?: boolean } = {}): Promise<number> {
  const step = await stepByNumber(w, arg);
  if (step.hints.length === 0) {
    throw new WorkshopError('WORKSHOP_NO_HINTS', `step ${step.number} has no hints`, {
      value: step.readme,
      hint: `its README (${shown(step.readme)}) has no numbered list under "## Hints"; \`npm run workshop -- solution ${step.number}\` shows the solution`,
      exitCode: EXIT.failed,
    });
  }
  const progress = loadProgress(w);
  const total = step.hints.length;
  const show = (i: number) => w.io.out(`Hint ${i + 1} of ${total} for step ${step.number} (${step.def.title}):\n${step.hints[i]}\n`);
  if (opts.all) {
    step.hints.forEach((_, i) => {
      if (i > 0) w.io.out('\n');
      show(i);
    });
    progress.recordHintsSeen(step.id, total);
    return EXIT.ok;
  }
  const seen = progress.get(step.id).hintsSeen;
  const i = Math.min(seen, total - 1);
  show(i);
  progress.recordHintsSeen(step.id, i + 1);
  if (i === total - 1) w.io.out(`\nThat is the last hint. Still stuck? npm run workshop -- solution ${step.number}\n`);
  return EXIT.ok;
}
