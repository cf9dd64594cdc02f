/**
 * What every command works with: where the steps and the progress file are, the terminal, the
 * logger, the clock and how checks run. The CLI builds the real one; specs build their own
 * around a folder of fixture steps.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@streamlab/core';
import type { CheckRunner } from './checks-runner/run-checks.js';
import type { WorkshopConfig } from './config.js';
import { plainMessage } from './errors.js';
import type { WorkshopIO } from './io.js';
import { Progress, type StepStatus } from './progress.js';
import { findStep, listStepFolders, loadStep, loadSteps, type Step } from './steps.js';

/** `apps/workshop/` of this checkout. */
export const WORKSHOP_ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface Workshop {
  /** The `steps/` folder (default `apps/workshop/steps`). */
  stepsDir: string;
  /** The progress file (default `apps/workshop/.progress.json`). */
  progressFile: string;
  io: WorkshopIO;
  logger: Logger;
  checks: CheckRunner;
  /** The settings, validated at start (`loadConfig`). */
  config: WorkshopConfig;
  /** The environment (the `--ui` page reads its server settings from it). */
  env: Record<string, string | undefined>;
  now(): Date;
}

/** The default places of the steps and the progress file. */
export const DEFAULT_PATHS = { stepsDir: join(WORKSHOP_ROOT, 'steps'), progressFile: join(WORKSHOP_ROOT, '.progress.json') } as const;

export function loadProgress(w: Workshop): Progress {
  return Progress.load(w.progressFile, w.logger);
}

/**
 * Every step that loads, with its definition (listing and status need titles and kinds); a step
 * that does not load is reported on stderr and left out.
 */
export async function steps(w: Workshop): Promise<Step[]> {
  const { steps, broken } = await loadSteps(w.stepsDir);
  for (const b of broken) w.io.err(`workshop: skipping step ${b.folder.number}: ${plainMessage(b.error)}\n`);
  return steps;
}

/** The step numbered `arg`, loaded (its own error when it does not load). */
export async function stepByNumber(w: Workshop, arg: string): Promise<Step> {
  return loadStep(findStep(stepFolders(w), arg));
}

/** The step folders only (commands that need no definition, e.g. `hint`, do not import step.ts). */
export function stepFolders(w: Workshop) {
  return listStepFolders(w.stepsDir);
}

/**
 * The step to work on: the first exercise or example not passed; once all of those passed, the
 * first bonus not passed; null when everything passed.
 *
 * @example
 * currentStep(steps, progress)?.number; // 2
 */
export function currentStep(all: readonly Step[], progress: Progress): Step | null {
  const open = (s: Step) => progress.status(s.id) !== 'passed';
  return all.find((s) => s.def.kind !== 'bonus' && open(s)) ?? all.find(open) ?? null;
}

export function statusOf(progress: Progress, step: { id: string }): StepStatus {
  return progress.status(step.id);
}

/** A path relative to the working directory when it is inside it (shorter for the learner). */
export function shown(path: string): string {
  const cwd = `${process.cwd()}/`;
  return path.startsWith(cwd) ? path.slice(cwd.length) : path;
}
