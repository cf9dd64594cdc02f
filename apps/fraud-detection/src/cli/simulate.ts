/**
 * `npx nx run fraud-detection:simulate -- --rate 2000 --duration 10m --seed 42 --speed 60 [--kafka]`:
 * the fraud simulator on the shared datagen command line. The scenarios are paced for the
 * simulated rate (`--rate / --speed`), so it is read before the model is built.
 */
import { parseSimulatorArgs, runSimulatorCli } from '@streamlab/datagen';
import { DEFAULT_CARDS, fraudSimulator } from '../sim/defaults.js';
import { TRANSACTIONS_TOPIC } from '../sim/model.js';

const argv = process.argv.slice(2);
let simRatePerSec = 20;
let cards = DEFAULT_CARDS;
try {
  const o = parseSimulatorArgs(TRANSACTIONS_TOPIC, argv, process.env);
  simRatePerSec = o.simulation.ratePerSec / o.simulation.speed;
  cards = Math.max(o.simulation.entities ?? DEFAULT_CARDS, 10);
} catch {
  // Bad flags or --help: runSimulatorCli below prints the message and sets the exit code.
}
const { model } = fraudSimulator({ simRatePerSec, cards });
process.exitCode = (await runSimulatorCli(model, argv)).exitCode;
