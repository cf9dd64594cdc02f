/**
 * `npx nx run equipment-failure:evaluate [-- --seed 42 --minutes 10 --rate 20 --json]`: a seeded
 * simulation at full speed through the detector queries, scored against the simulator's ground
 * truth; prints recall and delay per scenario, precision per detector. The command line, the run
 * and the tables are datagen's `runEvaluationCli`; what is evaluated is `../evaluation/`.
 */
import { runEvaluationCli } from '@streamlab/datagen';
import { evaluation } from '../evaluation/evaluation.js';

process.exitCode = await runEvaluationCli(evaluation, process.argv.slice(2));
