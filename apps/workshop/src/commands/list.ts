/** `npm run workshop` / `list`: the steps with their status, and what to do next. */
import type { StepStatus } from '../progress.js';
import type { Step } from '../steps.js';
import { plainMessage } from '../errors.js';
import { loadSteps } from '../steps.js';
import { currentStep, loadProgress, shown, type Workshop } from '../workshop.js';

const MARK: Record<StepStatus, string> = { passed: '✔ passed', failing: '✘ failing', 'not started': '· not started' };

/** Text columns padded to their widest cell (the last column is not padded). */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  return rows.map((r) => `  ${r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - [...c].length))).join('  ')}`.trimEnd()).join('\n');
}

/**
 * The lines that tell the learner how to work on a step. In `watch` (`watching`), which already
 * re-checks on each save, the last line says how to see the step live instead of "then: watch".
 */
export function nextSteps(step: Step, watching = false): string {
  const run =
    step.def.kind === 'example'
      ? `run it:  npm run workshop -- run ${step.number}`
      : watching
        ? `then:    save it; once it passes, npm run workshop -- run ${step.number} (another terminal)`
        : 'then:    npm run workshop -- watch';
  return [`  read:    ${shown(step.readme)}`, `  edit:    ${shown(step.exercise)}`, `  ${run}`].join('\n');
}

/**
 * Prints the table of steps and the next thing to do; resolves with the exit code (always 0).
 *
 * @example
 * await listCommand(workshop); // "  #  Step  Kind  Chapter  Minutes  Status ..."
 */
export async function listCommand(w: Workshop): Promise<number> {
  const { steps: all, broken } = await loadSteps(w.stepsDir);
  const progress = loadProgress(w);
  const passed = all.filter((s) => progress.status(s.id) === 'passed').length;
  w.io.out(`StreamLab workshop: ${passed} of ${all.length + broken.length} steps passed\n\n`);
  const rows = [
    ...all.map((s) => ({ n: s.number, cells: [String(s.number), s.def.title, s.def.kind, s.def.chapter, String(s.def.minutes), MARK[progress.status(s.id)]] })),
    ...broken.map((b) => ({ n: b.folder.number, cells: [String(b.folder.number), b.folder.id, '–', '–', '–', `! does not load: ${plainMessage(b.error)}`] })),
  ]
    .sort((a, b) => a.n - b.n)
    .map((r) => r.cells);
  rows.unshift(['#', 'Step', 'Kind', 'Chapter', 'Min', 'Status']);
  w.io.out(`${table(rows)}\n\n`);
  for (const b of broken) w.io.err(`workshop: step ${b.folder.number} does not load: ${plainMessage(b.error)}\n  ${b.error.hint ?? ''}\n`);
  const next = currentStep(all, progress);
  if (!next) {
    w.io.out('Every step passed. Well done! Try the live runs with the page: npm run workshop -- run <N> --ui\n');
    return 0;
  }
  const p = progress.get(next.id);
  const why = p.status === 'failing' && p.failure ? ` (failing: ${p.failure})` : '';
  w.io.out(`Next: step ${next.number}, ${next.def.title}${why}\n${nextSteps(next)}\n`);
  return 0;
}
