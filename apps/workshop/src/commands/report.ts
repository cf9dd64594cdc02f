/** How a check run is shown: the first failing check, what it said, and the hint to try. */
import type { CheckResult } from '../checks-runner/run-checks.js';
import type { Progress } from '../progress.js';
import type { Step } from '../steps.js';

const indent = (text: string, by = '    ') => text.replace(/^/gm, by);

/**
 * Prints a check result. On a failure it shows the failing check's own hint (what to look at for
 * that failure), and where the step's README hints are; a check that gave no hint falls back to
 * the learner's current README hint (the last one they asked for, or the first, which then counts
 * as seen). When the checks do not load it says how to fix or reset the file instead.
 */
export function reportChecks(out: (t: string) => void, step: Step, result: CheckResult, progress: Progress): void {
  if (result.passed) {
    out(`✔ Step ${step.number} passed: ${result.total} check${result.total === 1 ? '' : 's'} green.\n`);
    return;
  }
  const first = result.failures[0]!;
  const of = result.total > 0 ? ` ${result.failures.length} of ${result.total} checks failing` : ' the checks do not run';
  out(`✘ Step ${step.number} (${step.def.title}):${of}.\n\n  ✘ ${first.name}\n${indent(first.message)}\n`);
  if (result.total === 0) {
    // A file that does not load (a syntax or import error): the step's hints are about its
    // streaming code, not this, so none is shown or counted as seen.
    out(
      `\n  Fix the error where the message points (it names the file and line), then save;\n  npm run workshop -- reset ${step.number} brings the starter back.\n`,
    );
    return;
  }
  if (first.hint !== undefined) {
    const more = step.hints.length > 0 ? `\n  More hints, one at a time: npm run workshop -- hint ${step.number}\n` : '';
    out(`\n  Hint for this check:\n${indent(first.hint)}\n${more}`);
    return;
  }
  if (step.hints.length === 0) return;
  const n = Math.max(progress.get(step.id).hintsSeen, 1);
  progress.recordHintsSeen(step.id, n);
  const more = n < step.hints.length ? ` (next: npm run workshop -- hint ${step.number})` : '';
  out(`\n  Hint ${n} of ${step.hints.length} for step ${step.number}${more}:\n${indent(step.hints[n - 1]!)}\n`);
}
