/** `verify [N]`: runs a step's checks once (the current step by default) and records the result. */
import { EXIT } from '../errors.js';
import { currentStep, loadProgress, stepByNumber, steps, type Workshop } from '../workshop.js';
import { reportChecks } from './report.js';

export interface VerifyOptions {
  /** Check solution.ts instead (facilitators: prove a step's solution passes); not recorded. */
  solution?: boolean;
}

/**
 * Resolves with 0 when the checks pass, 1 when one fails.
 *
 * @example
 * await verifyCommand(workshop, '3'); // "✘ Step 3 (Windows): 1 of 4 checks failing. ..."
 */
export async function verifyCommand(w: Workshop, arg: string | undefined, opts: VerifyOptions = {}): Promise<number> {
  const chosen = arg === undefined ? null : await stepByNumber(w, arg);
  const all = await steps(w);
  const progress = loadProgress(w);
  const step = chosen ?? currentStep(all, progress);
  if (!step) {
    w.io.out('Every step passed: nothing to check. `npm run workshop -- verify <N>` checks one again.\n');
    return EXIT.ok;
  }
  const impl = opts.solution ? 'solution' : 'exercise';
  w.io.out(`Checking step ${step.number} (${step.def.title}) against ${impl}.ts…\n`);
  const result = await w.checks(step.dir, impl);
  if (!opts.solution) progress.recordCheck(step.id, result.passed, result.failures[0]?.name, w.now());
  reportChecks(w.io.out, step, result, progress);
  if (result.passed && !opts.solution) {
    const next = currentStep(all, progress);
    w.io.out(next ? `Next: step ${next.number}, ${next.def.title} (npm run workshop lists the steps).\n` : 'That was the last step: every step passed!\n');
  }
  return result.passed ? EXIT.ok : EXIT.failed;
}
