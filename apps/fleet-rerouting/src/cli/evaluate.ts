/**
 * `npx nx run fleet-rerouting:evaluate [-- --seed 7 --minutes 120 --json]`: one seeded scenario run
 * twice in memory, with rerouting and without, with a progress bar on stderr; prints the table.
 */
import { startTaskBar } from '@streamlab/datagen';
import { formatReport, parseEvaluateArgs } from '../evaluation/report.js';
import { evaluate } from '../evaluation/run-evaluation.js';

const args = parseEvaluateArgs(process.argv.slice(2));
const bar = startTaskBar(process.stderr, 'evaluate');
const report = await evaluate(args.options, (fraction, detail) => bar.update(fraction, detail));
bar.stop();
process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
process.exitCode = 0;
