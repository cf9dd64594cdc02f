/** `solution N [--yes]`: prints a step's solution.ts, after asking. */
import { readFileSync } from 'node:fs';
import { EXIT } from '../errors.js';
import { isYes } from '../io.js';
import { findStep } from '../steps.js';
import { shown, stepFolders, type Workshop } from '../workshop.js';

/**
 * @example
 * await solutionCommand(workshop, '3', { yes: true }); // prints steps/03-windows/solution.ts
 */
export async function solutionCommand(w: Workshop, arg: string, opts: { yes?: boolean } = {}): Promise<number> {
  const step = findStep(stepFolders(w), arg);
  if (!opts.yes && !isYes(await w.io.ask(`Show the solution for step ${step.number}? [y/N] `))) {
    w.io.out(`Not shown. A hint first? npm run workshop -- hint ${step.number}\n`);
    return EXIT.ok;
  }
  w.io.out(`// ${shown(step.solution)}\n${readFileSync(step.solution, 'utf8')}`);
  return EXIT.ok;
}
