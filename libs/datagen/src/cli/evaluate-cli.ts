/**
 * `runEvaluationCli(evaluation, argv)`: the whole `evaluate` command of an app in one call. Parses
 * and validates `--seed --minutes --rate --json --no-progress` (a bad value is named with what was
 * given, exit code 2), runs `evaluateDetectors`, and prints the Markdown tables (or, with `--json`,
 * the options and the scorecard). Progress goes to stderr when it is a terminal.
 */
import { Command, CommanderError } from 'commander';
import { z } from 'zod';
import { type DetectorEvaluation, type EvaluationRunOptions, evaluateDetectors } from '../evaluate-detectors.js';
import { formatEvaluation } from '../evaluation-report.js';

/** Defaults of the command's flags. */
export interface EvaluationDefaults {
  seed: number;
  minutes: number;
  ratePerSec: number;
}

export interface EvaluationCliDeps {
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
}

export const EVALUATION_DEFAULTS: EvaluationDefaults = { seed: 42, minutes: 10, ratePerSec: 20 };

const positive = (flag: string, want: string) =>
  z.string().transform((s, ctx) => {
    const n = Number(s);
    if (s.trim() === '' || !(n > 0) || !Number.isFinite(n)) {
      ctx.addIssue({ code: 'custom', message: `${flag} must be ${want}, got ${JSON.stringify(s)}` });
      return z.NEVER;
    }
    return n;
  });
const schema = z.object({
  seed: z.string().transform((s, ctx) => {
    const n = Number(s);
    if (s.trim() === '' || !Number.isSafeInteger(n)) {
      ctx.addIssue({ code: 'custom', message: `--seed must be an integer, got ${JSON.stringify(s)}` });
      return z.NEVER;
    }
    return n;
  }),
  minutes: positive('--minutes', 'a positive number of simulated minutes'),
  rate: positive('--rate', 'a positive number of records per second'),
  json: z.boolean(),
  progress: z.boolean(),
});

/**
 * Runs the evaluation command line; returns the process exit code (0 done, 2 bad flags, 1 failure).
 *
 * @example
 * // apps/<use-case>/src/cli/evaluate.ts
 * process.exitCode = await runEvaluationCli(evaluation, process.argv.slice(2));
 */
export async function runEvaluationCli<R, A>(
  evaluation: DetectorEvaluation<R, A>,
  argv: readonly string[],
  defaults: EvaluationDefaults = EVALUATION_DEFAULTS,
  deps: EvaluationCliDeps = {},
): Promise<number> {
  const stdout = deps.stdout ?? process.stdout;
  const stderr = deps.stderr ?? process.stderr;
  const cmd = new Command('evaluate')
    .description(`Seeded simulation of "${evaluation.model.name}" at full speed through the detectors, scored against its ground truth.`)
    .option('--seed <int>', 'simulation seed', String(defaults.seed))
    .option('--minutes <n>', 'simulated minutes scored', String(defaults.minutes))
    .option('--rate <records/s>', 'simulated records per second', String(defaults.ratePerSec))
    .option('--json', 'print the options and the scorecard as JSON instead of Markdown', false)
    .option('--no-progress', 'no progress on stderr')
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ writeOut: (s) => stdout.write(s), writeErr: () => undefined });
  try {
    cmd.parse(argv[0] === '--' ? argv.slice(1) : [...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed') return 0;
      stderr.write(`evaluate: ${err.message.replace(/^error: /, '')}\n`);
      return 2;
    }
    throw err;
  }
  const parsed = schema.safeParse(cmd.opts());
  if (!parsed.success) {
    stderr.write(`evaluate: ${parsed.error.issues.map((i) => i.message).join('; ')}\n`);
    return 2;
  }
  const a = parsed.data;
  const options: EvaluationRunOptions = { seed: a.seed, minutes: a.minutes, ratePerSec: a.rate };
  const showProgress = a.progress && stderr.isTTY === true;
  try {
    const result = await evaluateDetectors(evaluation, {
      ...options,
      ...(showProgress ? { onProgress: (done: number) => stderr.write(`\revaluate: ${Math.round(done * 100)}% of the simulated span`) } : {}),
    });
    if (showProgress) stderr.write('\r\x1b[K');
    const { detections: _detections, incidents: _incidents, ...summary } = result;
    stdout.write(a.json ? `${JSON.stringify({ options, ...summary })}\n` : formatEvaluation(options, result));
    return 0;
  } catch (err) {
    stderr.write(`evaluate: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
