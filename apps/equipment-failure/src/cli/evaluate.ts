/**
 * `npx nx run equipment-failure:evaluate [-- --seed 42 --hours 24 --json]`: a seeded simulation
 * of the plant floor at full speed through the pipelines, scored against the simulator's ground
 * truth; prints the README's tables (stdout) with a progress bar (stderr, on a terminal).
 */
import { startTaskBar } from '@streamlab/datagen';
import { formatReport } from '../evaluation/report.js';
import { DEFAULT_EVALUATION, runEvaluation } from '../evaluation/run-evaluation.js';
import { score } from '../evaluation/score.js';
import { parseEvaluateArgs } from './evaluate-args.js';

const parsed = parseEvaluateArgs(process.argv.slice(2));
if (!parsed.ok) {
  (parsed.exitCode === 0 ? process.stdout : process.stderr).write(parsed.text);
  process.exit(parsed.exitCode);
}
const bar = process.stderr.isTTY ? startTaskBar(process.stderr, 'evaluate') : undefined;
const run = await runEvaluation({ ...DEFAULT_EVALUATION, seed: parsed.args.seed, hours: parsed.args.hours }, (done) => bar?.update(done, 'simulated time'));
bar?.stop();
const card = score(run);
process.stdout.write(
  parsed.args.json
    ? `${JSON.stringify({ options: run.options, records: run.records, deadLetters: run.deadLetters, wallMs: run.wallMs, ...card })}\n`
    : formatReport(run, card),
);
