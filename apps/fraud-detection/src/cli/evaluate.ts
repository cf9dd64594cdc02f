/**
 * `npm run -s evaluate -w apps/fraud-detection -- [--seed 42 --minutes 30 --rate 20 --cards 50000] [--json]`:
 * scores the pipelines against the simulator's ground truth and prints the README's table (a
 * progress bar on stderr when it is a terminal).
 */
import { Command } from 'commander';
import { z } from 'zod';
import { startTaskBar } from '@streamlab/datagen';
import { formatReport } from '../evaluation/report.js';
import { DEFAULT_EVALUATION, runEvaluation } from '../evaluation/run-evaluation.js';

const cmd = new Command('evaluate')
  .description('Seeded simulation at full speed through the fraud pipelines, scored against ground truth.')
  .option('--seed <int>', 'stream seed', String(DEFAULT_EVALUATION.seed))
  .option('--minutes <n>', 'simulated minutes scored', String(DEFAULT_EVALUATION.minutes))
  .option('--rate <tx/s>', 'simulated transactions per second', String(DEFAULT_EVALUATION.simRatePerSec))
  .option('--cards <n>', 'cards in the world', String(DEFAULT_EVALUATION.cards))
  .option('--incidents-per-hour <n>', 'incidents per scenario per simulated hour', String(DEFAULT_EVALUATION.incidentsPerHour))
  .option('--json', 'print the scorecard as JSON instead of Markdown', false);
cmd.parse(
  process.argv.slice(2).filter((a, i) => !(i === 0 && a === '--')),
  { from: 'user' },
);

const num = (message: string) => z.coerce.number({ error: message });
const schema = z.object({
  seed: num('--seed must be an integer').int({ error: '--seed must be an integer' }),
  minutes: num('--minutes must be a positive number').positive({ error: '--minutes must be a positive number' }),
  rate: num('--rate must be a positive number of transactions per second').positive({ error: '--rate must be a positive number of transactions per second' }),
  cards: num('--cards must be an integer >= 100').int({ error: '--cards must be an integer >= 100' }).min(100, { error: '--cards must be an integer >= 100' }),
  incidentsPerHour: num('--incidents-per-hour must be positive').positive({ error: '--incidents-per-hour must be positive' }),
  json: z.boolean(),
});
const parsed = schema.safeParse(cmd.opts());
if (!parsed.success) {
  const given = cmd.opts<Record<string, unknown>>();
  process.stderr.write(`evaluate: ${parsed.error.issues.map((i) => `${i.message}, got ${JSON.stringify(given[String(i.path[0])])}`).join('; ')}\n`);
  process.exit(2);
}
const a = parsed.data;
const options = { seed: a.seed, minutes: a.minutes, simRatePerSec: a.rate, cards: a.cards, incidentsPerHour: a.incidentsPerHour };
// on a terminal: what it is doing, then a bar over the simulated span (stderr; stdout is the table)
const bar = process.stderr.isTTY ? startTaskBar(process.stderr, 'evaluate') : undefined;
let phase = '';
const result = await runEvaluation(options, {
  phase: (what) => {
    phase = what;
    if (process.stderr.isTTY) bar?.update(0, what);
  },
  fraction: (done) => bar?.update(done, phase),
});
bar?.stop();
const { alerts: _alerts, incidents: _incidents, ...summary } = result;
process.stdout.write(a.json ? `${JSON.stringify({ options, ...summary })}\n` : formatReport(options, result));
