/**
 * `npx nx run patient-vitals:evaluate [-- --seed 42 --beds 100 --hours 24 --json]`: a seeded
 * simulation at full speed through the pipelines, in memory, scored against the simulator's
 * ground truth; prints the README's tables (a progress bar on stderr when it is a terminal).
 */
import { parseArgs } from 'node:util';
import { startTaskBar } from '@streamlab/datagen';
import { z } from 'zod';
import { formatReport, TARGETS } from '../evaluation/report.js';
import { EVALUATION_DEFAULTS, runEvaluation } from '../evaluation/run-evaluation.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a, i) => !(i === 0 && a === '--')),
  options: {
    seed: { type: 'string', default: String(EVALUATION_DEFAULTS.seed) },
    beds: { type: 'string', default: String(EVALUATION_DEFAULTS.beds) },
    hours: { type: 'string', default: String(EVALUATION_DEFAULTS.hours) },
    json: { type: 'boolean', default: false },
  },
  strict: true,
});
const schema = z.object({
  seed: z.coerce.number().int({ error: '--seed must be an integer' }),
  beds: z.coerce.number().int().min(10, { error: '--beds must be an integer >= 10' }),
  hours: z.coerce.number().positive({ error: '--hours must be a positive number' }),
  json: z.boolean(),
});
const parsed = schema.safeParse(values);
if (!parsed.success) {
  process.stderr.write(
    `evaluate: ${parsed.error.issues.map((i) => `${i.message}, got ${JSON.stringify(values[String(i.path[0]) as keyof typeof values])}`).join('; ')}\n`,
  );
  process.exit(2);
}
const a = parsed.data;
const bar = startTaskBar(process.stderr, 'evaluate');
const run = await runEvaluation({ seed: a.seed, beds: a.beds, hours: a.hours, onProgress: (done, detail) => bar.update(done, detail) });
bar.stop();
process.stdout.write(a.json ? `${JSON.stringify(run.scorecard, null, 2)}\n` : formatReport(run, a));
const s = run.scorecard;
const met =
  s.overall.sensitivity >= TARGETS.sensitivity &&
  s.overall.medianLeadMin >= TARGETS.medianLeadMin &&
  s.falseAlerts.perPatientDay <= TARGETS.falsePerPatientDay &&
  s.mimicHighAlerts === 0 &&
  s.artifactHighAlerts === 0;
process.exitCode = met ? 0 : 1;
