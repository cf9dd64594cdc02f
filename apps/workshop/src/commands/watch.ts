/**
 * `watch`: the rustlings loop. Checks the current step (the first not passed), then re-checks it
 * on every save of its exercise.ts, showing the first failing check and a hint; when it passes,
 * moves on to the next step and checks that one. Ends when every step passed, or on Ctrl-C.
 */
import type { CheckResult } from '../checks-runner/run-checks.js';
import { EXIT, plainMessage, WorkshopError } from '../errors.js';
import type { FileEvents } from '../file-events.js';
import type { Step } from '../steps.js';
import { currentStep, loadProgress, shown, steps, type Workshop } from '../workshop.js';
import { nextSteps } from './list.js';
import { reportChecks } from './report.js';

export interface WatchOptions {
  events: FileEvents;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
}

/** Resolves when `file` is saved (at once if it was saved since the last call), or when `signal` aborts. */
class Saves {
  private pending = false;
  private wake: (() => void) | null = null;
  private readonly unsubscribe: () => void;

  constructor(events: FileEvents, file: string) {
    this.unsubscribe = events.watch(file, () => {
      this.pending = true;
      this.wake?.();
    });
  }

  /** true: saved; false: aborted. */
  next(signal: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (saved: boolean) => {
        this.wake = null;
        signal.removeEventListener('abort', onAbort);
        this.pending = false;
        resolve(saved);
      };
      const onAbort = () => done(false);
      if (signal.aborted) return done(false);
      if (this.pending) return done(true);
      this.wake = () => done(true);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  close(): void {
    this.unsubscribe();
  }
}

/**
 * @example
 * await watchCommand(workshop, { events: fsFileEvents(), signal }); // until every step passed or Ctrl-C
 */
export async function watchCommand(w: Workshop, opts: WatchOptions): Promise<number> {
  const all = await steps(w);
  const progress = loadProgress(w);
  const { io } = w;
  let step: Step | null = currentStep(all, progress);
  while (step) {
    if (opts.signal.aborted) break;
    io.out(`\n── Step ${step.number}: ${step.def.title} (${step.def.chapter}) ──\n${nextSteps(step, true)}\n\n`);
    const saves = new Saves(opts.events, step.exercise);
    try {
      let passed = false;
      while (!opts.signal.aborted) {
        io.out(`Checking ${shown(step.exercise)}…\n`);
        let result: CheckResult;
        try {
          result = await w.checks(step.dir, 'exercise');
        } catch (err) {
          if (opts.signal.aborted) break; // Ctrl-C reached the checks too
          if (!(err instanceof WorkshopError)) throw err;
          // The checks did not run (an endless loop, vitest missing): say why, and try again on the next save.
          io.out(`✘ ${plainMessage(err)}\n  ${err.hint ?? ''}\n`);
          io.out(`\nWatching ${shown(step.exercise)}: save it to check again. Ctrl-C to stop.\n`);
          if (!(await saves.next(opts.signal))) break;
          continue;
        }
        progress.recordCheck(step.id, result.passed, result.failures[0]?.name, w.now());
        reportChecks(io.out, step, result, progress);
        if (result.passed) {
          passed = true;
          break;
        }
        io.out(`\nWatching ${shown(step.exercise)}: save it to check again. Ctrl-C to stop.\n`);
        if (!(await saves.next(opts.signal))) break;
      }
      if (!passed) break;
    } finally {
      saves.close();
    }
    if (step.def.kind === 'example') io.out(`See it live: npm run workshop -- run ${step.number}\n`);
    step = currentStep(all, progress);
  }
  if (opts.signal.aborted) {
    io.out('\nStopped watching. Your progress is saved: npm run workshop shows it.\n');
    return EXIT.ok;
  }
  io.out('\nEvery step passed. Well done!\n');
  return EXIT.ok;
}
