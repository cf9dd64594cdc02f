/**
 * `npx nx run patient-vitals:simulate -- --rate 200 --duration 10m --seed 42 [--asap] [--kafka]`: the
 * simulator on the shared datagen command line (NDJSON to stdout or `--out`, or Kafka with
 * `--kafka`; `--help` lists every flag).
 */
import { runSimulatorCli } from '@streamlab/datagen';
import { vitalsModel } from '../sim/model.js';

process.exitCode = (await runSimulatorCli(vitalsModel, process.argv.slice(2))).exitCode;
