/**
 * `npx nx run equipment-failure:evaluate [-- --seed 42 --hours 24 --json]`: a seeded simulation
 * of the plant floor at full speed through the pipelines, scored against the simulator's ground
 * truth; prints the README's tables (stdout) with a progress bar (stderr, on a terminal).
 */
import { parseArgs } from 'node:util';
import { startTaskBar } from '@streamlab/datagen';
import { z } from 'zod';
import { formatReport } from '../evaluation/report.js';
import { DEFAULT_EVALUATION, runEvaluation } from '../evaluation/run-evaluation.js';
import { score } from '../evaluation/score.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a, i) => !(i === 0 && a === '--')),
  options: {
    seed: { type: 'string', default: String(DEFAULT_EVALUATION.seed) },
    hours: { type: 'string', default: String(DEFAULT_EVALUATION.hours) },
    json: { type: 'boolean', default: false },
  },
  strict: true,
});
const schema = z.object({
  seed: z.coerce.number({ error: '--seed must be an integer' }).int({ error: '--seed must be an integer' }),
  hours: z.coerce.number({ error: '--hours must be a positive number' }).positive({ error: '--hours must be a positive number' }),
  json: z.boolean(),
});
const parsed = schema.safeParse(values);
if (!parsed.success) {
  process.stderr.write(
    `evaluate: ${parsed.error.issues.map((i) => `${i.message}, got ${JSON.stringify(values[String(i.path[0]) as keyof typeof values])}`).join('; ')}\n`,
  );
  process.exit(2);
}
const bar = process.stderr.isTTY ? startTaskBar(process.stderr, 'evaluate') : undefined;
const run = await runEvaluation({ ...DEFAULT_EVALUATION, seed: parsed.data.seed, hours: parsed.data.hours }, (done) => bar?.update(done, 'simulated time'));
bar?.stop();
const card = score(run);
process.stdout.write(
  parsed.data.json
    ? `${JSON.stringify({ options: run.options, records: run.records, deadLetters: run.deadLetters, wallMs: run.wallMs, ...card })}\n`
    : formatReport(run, card),
);
