/**
 * The steps on disk: `steps/<NN>-<slug>/` folders in name order, each with its files and its
 * `step.ts` definition (loaded on demand: listing only reads the definitions, never the
 * learner's code).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { StepDefinition } from './step.js';
import { parseHints } from './hints.js';
import { WorkshopError } from './errors.js';

/** The five files of a step. */
export const STEP_FILES = ['README.md', 'exercise.ts', 'solution.ts', 'check.spec.ts', 'step.ts'] as const;

const FOLDER = /^(\d{2,})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

export interface StepFolder {
  /** The number on the command line (`run 3`), from the folder name. */
  number: number;
  /** The folder name, e.g. `03-windows` (the step's key in the progress file). */
  id: string;
  slug: string;
  dir: string;
  readme: string;
  exercise: string;
  solution: string;
  check: string;
  stepFile: string;
  /** Files of the five the folder lacks (a step being written, or a broken checkout). */
  missing: string[];
}

/** A step with its definition loaded. */
export interface Step extends StepFolder {
  def: StepDefinition<unknown>;
  hints: string[];
}

/**
 * The step folders under `stepsDir`, by number. Folders that do not look like `NN-slug` are
 * ignored; a folder missing some of its files is listed with them (`loadStep` refuses it).
 *
 * @example
 * listStepFolders('apps/workshop/steps').map((s) => s.id); // ['00-word-count', '01-kafka-connectors', ...]
 */
export function listStepFolders(stepsDir: string): StepFolder[] {
  if (!existsSync(stepsDir)) {
    throw new WorkshopError('WORKSHOP_NO_STEPS', `no steps directory at ${stepsDir}`, {
      value: stepsDir,
      hint: 'run the workshop from a clone of the repository (npm run workshop), or create a step with `npx nx g @streamlab/generators:exercise <name>`',
    });
  }
  const folders: StepFolder[] = [];
  for (const name of readdirSync(stepsDir).sort()) {
    const m = FOLDER.exec(name);
    if (!m) continue;
    const dir = join(stepsDir, name);
    const folder: StepFolder = {
      number: Number(m[1]),
      id: name,
      slug: m[2] as string,
      dir,
      readme: join(dir, 'README.md'),
      exercise: join(dir, 'exercise.ts'),
      solution: join(dir, 'solution.ts'),
      check: join(dir, 'check.spec.ts'),
      stepFile: join(dir, 'step.ts'),
      missing: STEP_FILES.filter((f) => !existsSync(join(dir, f))),
    };
    const twin = folders.find((f) => f.number === folder.number);
    if (twin) {
      throw new WorkshopError('WORKSHOP_BAD_STEP', `steps ${twin.id} and ${name} have the same number`, {
        value: name,
        hint: 'renumber one of the folders: the number is the step on the command line',
      });
    }
    folders.push(folder);
  }
  if (folders.length === 0) {
    throw new WorkshopError('WORKSHOP_NO_STEPS', `no steps in ${stepsDir}`, {
      value: stepsDir,
      hint: 'steps are folders named NN-slug; create one with `npx nx g @streamlab/generators:exercise <name>`',
    });
  }
  return folders.sort((a, b) => a.number - b.number);
}

function assertDefinition(def: unknown, file: string): asserts def is StepDefinition<unknown> {
  const d = def as Partial<StepDefinition<unknown>> | undefined;
  const problem =
    !d || typeof d !== 'object'
      ? 'has no default export'
      : typeof d.title !== 'string' || d.title === ''
        ? 'has no title'
        : typeof d.chapter !== 'string'
          ? 'has no chapter'
          : !(typeof d.minutes === 'number' && d.minutes > 0)
            ? 'has no positive minutes'
            : !['example', 'exercise', 'bonus'].includes(d.kind as string)
              ? `has kind ${JSON.stringify(d.kind)}`
              : typeof d.run !== 'function'
                ? 'has no run function'
                : null;
  if (problem) {
    throw new WorkshopError('WORKSHOP_BAD_STEP', `${file} ${problem}`, {
      value: file,
      hint: "a step's step.ts is `export default defineStep({ title, chapter, minutes, kind: 'example' | 'exercise' | 'bonus', run })`",
    });
  }
}

/**
 * Loads a step folder's definition (`step.ts`) and hints (its README's `## Hints`).
 *
 * @example
 * const step = await loadStep(listStepFolders(dir)[0]);
 * step.def.title; // 'Word count'
 */
export async function loadStep(folder: StepFolder): Promise<Step> {
  if (folder.missing.length > 0) {
    throw new WorkshopError('WORKSHOP_BAD_STEP', `step folder ${folder.id} has no ${folder.missing.join(', ')}`, {
      value: folder.dir,
      hint: `every step has ${STEP_FILES.join(', ')}: restore the missing files with \`git checkout -- ${relative(process.cwd(), folder.dir) || '.'}\``,
    });
  }
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(folder.stepFile).href)) as { default?: unknown };
  } catch (err) {
    throw new WorkshopError('WORKSHOP_BAD_STEP', `${folder.stepFile} does not load: ${(err as Error).message}`, {
      value: folder.stepFile,
      hint: `step.ts imports solution types only; if you edited it, restore it with \`git checkout -- ${folder.stepFile}\``,
      cause: err,
    });
  }
  assertDefinition(mod.default, folder.stepFile);
  return { ...folder, def: mod.default, hints: parseHints(readFileSync(folder.readme, 'utf8')) };
}

/** A step folder that does not load, and why. */
export interface BrokenStep {
  folder: StepFolder;
  error: WorkshopError;
}

/** Every step folder, loaded; the ones that do not load are set apart with their error (one broken step does not stop the others). */
export async function loadSteps(stepsDir: string): Promise<{ steps: Step[]; broken: BrokenStep[] }> {
  const steps: Step[] = [];
  const broken: BrokenStep[] = [];
  for (const folder of listStepFolders(stepsDir)) {
    try {
      steps.push(await loadStep(folder));
    } catch (err) {
      if (!(err instanceof WorkshopError)) throw err;
      broken.push({ folder, error: err });
    }
  }
  return { steps, broken };
}

/**
 * The step numbered `arg` (as typed on the command line).
 *
 * @example
 * findStep(steps, '3').id; // '03-windows'
 */
export function findStep<S extends StepFolder>(steps: readonly S[], arg: string): S {
  const n = /^\d+$/.test(arg.trim()) ? Number(arg.trim()) : Number.NaN;
  const step = steps.find((s) => s.number === n);
  if (!step) {
    const range = steps.length > 0 ? `${steps[0]!.number} to ${steps.at(-1)!.number}` : 'none';
    throw new WorkshopError('WORKSHOP_UNKNOWN_STEP', `there is no step ${JSON.stringify(arg)}`, {
      value: arg,
      hint: `give a step number (${range}); \`npm run workshop\` lists them`,
    });
  }
  return step;
}
