/**
 * `npx nx run fleet-rerouting:simulate -- --duration 10m --seed 42 [--asap] [--kafka]`: the fleet
 * simulator on the shared datagen command line (NDJSON to stdout or `--out`, or Kafka with
 * `--kafka`; `--help` lists every flag). Open loop: nobody sends it reroutes here.
 */
import { runSimulatorCli } from '@streamlab/datagen';
import { fleetModel } from '../sim/model.js';

process.exitCode = (await runSimulatorCli(fleetModel, process.argv.slice(2))).exitCode;
