/** `reset N [--yes]`: restores a step's exercise.ts as shipped (from git's HEAD), after asking. */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { EXIT, WorkshopError } from '../errors.js';
import { isYes } from '../io.js';
import { findStep } from '../steps.js';
import { loadProgress, shown, stepFolders, type Workshop } from '../workshop.js';

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The shipped content of `file` (its version in HEAD), or a WorkshopError saying why there is none. */
export function shippedVersion(file: string): string {
  let top: string;
  try {
    top = git(dirname(file), ['rev-parse', '--show-toplevel']).trim();
  } catch (err) {
    throw new WorkshopError('WORKSHOP_NOT_GIT', `cannot reset ${shown(file)}: the workshop is not a git checkout`, {
      value: file,
      hint: 'reset needs the repository as cloned with git (git clone …); otherwise copy exercise.ts again from where you got the workshop',
      cause: err,
    });
  }
  const rel = relative(top, file);
  try {
    return git(top, ['show', `HEAD:${rel}`]);
  } catch (err) {
    throw new WorkshopError('WORKSHOP_NOT_GIT', `cannot reset ${shown(file)}: git has no committed version of it`, {
      value: rel,
      hint: 'the step is not committed yet (a new step?): there is nothing shipped to go back to',
      cause: err,
    });
  }
}

/**
 * @example
 * await resetCommand(workshop, '3', { yes: true }); // "Step 3's exercise.ts is back as shipped."
 */
export async function resetCommand(w: Workshop, arg: string, opts: { yes?: boolean } = {}): Promise<number> {
  const step = findStep(stepFolders(w), arg);
  const shipped = shippedVersion(step.exercise);
  if (!opts.yes && !isYes(await w.io.ask(`Reset ${shown(step.exercise)} to the shipped starter? Your changes to it will be lost. [y/N] `))) {
    w.io.out('Not reset.\n');
    return EXIT.ok;
  }
  writeFileSync(step.exercise, shipped);
  loadProgress(w).resetStep(step.id);
  w.io.out(`Step ${step.number}'s exercise.ts is back as shipped; the step is marked not started (its hints seen are kept).\n`);
  return EXIT.ok;
}
