/**
 * `npm run -s simulate -w apps/fraud-detection -- --rate 200 --duration 10m --seed 42 [--kafka]`:
 * the fraud simulator on the shared datagen command line. The bank's world (200,000 cards by
 * default, `--entities` to change) is built after the flags are parsed, so `--help` and a bad flag
 * answer at once, and the scenarios are paced for the simulated rate (`--rate / --speed`).
 */
import { runSimulatorCli } from '@streamlab/datagen';
import { DEFAULT_CARDS, fraudSimulator } from '../sim/defaults.js';
import { TRANSACTIONS_TOPIC } from '../sim/model.js';

const cards = (entities: number | undefined) => Math.max(entities ?? DEFAULT_CARDS, 10);

const { exitCode } = await runSimulatorCli(
  {
    name: TRANSACTIONS_TOPIC,
    describe: (o) => `${cards(o.simulation.entities).toLocaleString('en-US')} cards`,
    build: (o) => fraudSimulator({ simRatePerSec: o.simulation.ratePerSec / o.simulation.speed, cards: cards(o.simulation.entities) }).model,
  },
  process.argv.slice(2),
);
process.exitCode = exitCode;
