import { type Tree, generateFiles, logger } from '@nx/devkit';
import * as path from 'node:path';
import type { ExerciseGeneratorSchema } from './schema';

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const STEP_FOLDER = /^(\d{2,})-([a-z0-9-]+)$/;
/** Where the workshop's steps live. */
export const STEPS_DIR = 'apps/workshop/steps';
const MAX_TEXT = { title: 60, chapter: 80 } as const;

/** Options after validation, with everything the templates need. */
export interface NormalizedExercise {
  name: string;
  number: number;
  /** `NN-name`, the step's folder. */
  folder: string;
  stepDir: string;
  title: string;
  chapter: string;
  kind: 'exercise' | 'bonus';
  minutes: number;
}

/** A one-line text option: trimmed, bounded, and safe inside a doc comment. */
function text(option: 'title' | 'chapter', value: string): string {
  const v = value.trim();
  if (v.length === 0 || v.length > MAX_TEXT[option] || /[\r\n]/.test(v) || v.includes('*/')) {
    throw new Error(`exercise ${option} ${JSON.stringify(value)} is not valid: give one line of 1 to ${MAX_TEXT[option]} characters, without "*/"`);
  }
  return v;
}

/**
 * The number of the next step: one more than the highest `NN-` folder in apps/workshop/steps (0 for the first).
 *
 * @example
 * nextStepNumber(tree); // 3 when steps 00, 01 and 02 exist
 */
export function nextStepNumber(tree: Tree): number {
  if (!tree.exists(STEPS_DIR)) return 0;
  const numbers = tree
    .children(STEPS_DIR)
    .map((c) => STEP_FOLDER.exec(c))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]));
  return numbers.length === 0 ? 0 : Math.max(...numbers) + 1;
}

/**
 * Validates the options and derives the step's folder; throws an error that says what to fix.
 *
 * @example
 * normalizeOptions(tree, { name: 'late-data' }).folder; // '03-late-data'
 */
export function normalizeOptions(tree: Tree, options: ExerciseGeneratorSchema): NormalizedExercise {
  const name = (options.name ?? '').trim();
  if (!KEBAB.test(name)) {
    throw new Error(`exercise name "${name}" is not kebab-case: use lowercase letters, digits and dashes, starting with a letter, e.g. "late-data"`);
  }
  if (tree.exists(STEPS_DIR)) {
    const twin = tree.children(STEPS_DIR).find((c) => STEP_FOLDER.exec(c)?.[2] === name);
    if (twin) throw new Error(`a step named "${name}" exists already (${STEPS_DIR}/${twin}): choose another name`);
  }
  const kind = options.kind ?? 'exercise';
  if (kind !== 'exercise' && kind !== 'bonus') throw new Error(`exercise kind "${String(kind)}" is not valid: use "exercise" or "bonus"`);
  const minutes = options.minutes ?? 20;
  if (!(Number.isInteger(minutes) && minutes > 0 && minutes <= 240)) {
    throw new Error(`exercise minutes ${JSON.stringify(options.minutes)} is not valid: give the minutes a room needs, a whole number from 1 to 240`);
  }
  const number = nextStepNumber(tree);
  const folder = `${String(number).padStart(2, '0')}-${name}`;
  const words = name.replace(/-/g, ' ');
  return {
    name,
    number,
    folder,
    stepDir: `${STEPS_DIR}/${folder}`,
    title: options.title === undefined ? words[0]!.toUpperCase() + words.slice(1) : text('title', options.title),
    chapter: text('chapter', options.chapter ?? 'TODO: the course chapter'),
    kind,
    minutes,
  };
}

/**
 * A TypeScript single-quoted string literal of `s` (templates write titles with `<%- q(title) %>`).
 *
 * @example
 * tsString("Bob's step"); // "'Bob\\'s step'"
 */
export function tsString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * `nx g @streamlab/generators:exercise <name>`: creates the next workshop step,
 * apps/workshop/steps/<NN>-<name>/, in the workshop's convention: README.md (goal, the course's
 * Spark code beside StreamLab's, steps, what you should see, hints), exercise.ts (a starter that
 * compiles and fails its check), solution.ts (passes it), check.spec.ts and step.ts (its live run
 * on the sightings simulator). Then prints what to do next.
 *
 * @example
 * await exerciseGenerator(tree, { name: 'late-data', chapter: '5. Watermarks' });
 */
export default async function exerciseGenerator(tree: Tree, options: ExerciseGeneratorSchema): Promise<() => void> {
  const o = normalizeOptions(tree, options);
  generateFiles(tree, path.join(__dirname, 'files'), o.stepDir, { ...o, q: tsString, tmpl: '' });
  return () => {
    const steps: [string, string][] = [
      [`npm run workshop -- verify ${o.number}`, 'the starter fails its check'],
      [`npm run workshop -- verify ${o.number} --solution`, 'the solution passes it'],
      [`npm run workshop -- run ${o.number} --solution --ui`, 'its live run'],
    ];
    const width = Math.max(...steps.map(([cmd]) => cmd.length)) + 2;
    logger.info(
      [
        `${o.stepDir} is ready: write the README, the starter, the solution and the checks of your step (every TODO), then:`,
        ...steps.map(([cmd, what]) => `  ${cmd.padEnd(width)}# ${what}`),
        'and add it to the timing table of apps/workshop/FACILITATOR.md.',
      ].join('\n'),
    );
  };
}
