/** `verify [N]`: runs a step's checks once (the current step by default) and records the result. */
import type { CheckResult } from '../checks-runner/run-checks.js';
import { EXIT } from '../errors.js';
import { currentStep, loadProgress, stepByNumber, steps, type Workshop } from '../workshop.js';
import { reportChecks } from './report.js';

export interface VerifyOptions {
  /** Check solution.ts instead (facilitators: prove a step's solution passes); not recorded. */
  solution?: boolean;
  /** Ctrl-C: the checks stop with it; the command says so and records nothing. */
  signal?: AbortSignal;
}

/**
 * Resolves with 0 when the checks pass (or Ctrl-C stopped them), 1 when one fails.
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
  let result: CheckResult;
  try {
    result = await w.checks(step.dir, impl);
  } catch (err) {
    // Ctrl-C reached the checks too (vitest exits 130): not a crash, nothing to install.
    if (!opts.signal?.aborted) throw err;
    w.io.out(`Stopped (Ctrl-C): the checks of step ${step.number} did not finish; nothing recorded.\n`);
    return EXIT.ok;
  }
  if (!opts.solution) progress.recordCheck(step.id, result.passed, result.failures[0]?.name, w.now());
  reportChecks(w.io.out, step, result, progress);
  if (result.passed && !opts.solution) {
    const next = currentStep(all, progress);
    w.io.out(next ? `Next: step ${next.number}, ${next.def.title} (npm run workshop lists the steps).\n` : 'That was the last step: every step passed!\n');
  }
  return result.passed ? EXIT.ok : EXIT.failed;
}
