/**
 * The flags of `evaluate` (`--seed`, `--hours`, `--json`, `--help`): parsed without throwing, so
 * the command answers `--help`, an unknown flag or a bad value with text rather than a stack trace.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DEFAULT_EVALUATION } from '../evaluation/run-evaluation.js';

export interface EvaluateArgs {
  seed: number;
  hours: number;
  json: boolean;
}

/** The options, the help text (exit 0) or a one-line error (exit 2). */
export type EvaluateArgsResult = { ok: true; args: EvaluateArgs } | { ok: false; exitCode: 0 | 2; text: string };

const schema = z.object({
  seed: z.string().transform((s, ctx) => {
    const n = Number(s);
    if (s.trim() === '' || !Number.isSafeInteger(n)) {
      ctx.addIssue({ code: 'custom', message: `--seed must be an integer, got ${JSON.stringify(s)}` });
      return z.NEVER;
    }
    return n;
  }),
  hours: z.string().transform((s, ctx) => {
    const n = Number(s);
    if (s.trim() === '' || !(n > 0) || !Number.isFinite(n)) {
      ctx.addIssue({ code: 'custom', message: `--hours must be a positive number of simulated hours, got ${JSON.stringify(s)}` });
      return z.NEVER;
    }
    return n;
  }),
  json: z.boolean(),
});

/**
 * Parses the arguments after the script (a leading `--` is ignored).
 *
 * @example
 * parseEvaluateArgs(['--seed', '7']); // { ok: true, args: { seed: 7, hours: 36, json: false } }
 * parseEvaluateArgs(['--help']);      // { ok: false, exitCode: 0, text: 'Usage: evaluate [options] ...' }
 */
export function parseEvaluateArgs(argv: readonly string[]): EvaluateArgsResult {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv[0] === '--' ? argv.slice(1) : [...argv],
      options: {
        seed: { type: 'string', default: String(DEFAULT_EVALUATION.seed) },
        hours: { type: 'string', default: String(DEFAULT_EVALUATION.hours) },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    const message = err instanceof Error ? err.message.split('. ')[0]!.replace(/\.$/, '') : String(err);
    return { ok: false, exitCode: 2, text: `evaluate: ${message} (run with --help to see every option)\n` };
  }
  if (values.help) return { ok: false, exitCode: 0, text: HELP };
  const parsed = schema.safeParse(values);
  if (!parsed.success) return { ok: false, exitCode: 2, text: `evaluate: ${parsed.error.issues.map((i) => i.message).join('; ')}\n` };
  return { ok: true, args: parsed.data };
}

const HELP = `Usage: evaluate [options]

A seeded simulation of the plant floor at full speed through the pipelines, scored against the
simulator's ground truth: Markdown tables on stdout, a progress bar on stderr when it is a terminal.

Options:
  --seed <int>   simulation seed (default: ${DEFAULT_EVALUATION.seed})
  --hours <n>    simulated hours (default: ${DEFAULT_EVALUATION.hours})
  --json         the options and the scorecard as JSON instead of Markdown
  -h, --help     this help
`;
