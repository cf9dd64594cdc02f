/**
 * `npx nx serve fraud-detection`: this use case alone on http://localhost:3000 (`PORT` to change),
 * on the embedded broker unless `KAFKA_BROKERS` is set (or `--kafka`: the local broker, started
 * now and stopped last): the simulator writes `fraud.transactions` there and the queries read it
 * with the Kafka source. Flags, environment, logs, errors and shutdown are the live layer's
 * `runServeCli`.
 *
 * Scaled out (a real broker): `--instances 3` runs the card-keyed rules in three child processes
 * of one scale-out application; `--instance` runs one such process alone (see `instances.ts`).
 */
import { runServeCli } from '@streamlab/live';
import { fraudUseCase } from '../use-case.js';
import { localBrokerIfAsked, runInstanceCli, scaledUseCase, scaleFlags } from './instances.js';

const argv = process.argv.slice(2);
if (argv.includes('--instance')) await runInstanceCli(argv);
else {
  const { env, stop } = await localBrokerIfAsked(argv, process.env);
  await runServeCli(fraudUseCase, { argv, env, flags: scaleFlags, configure: scaledUseCase, afterClose: stop });
}
