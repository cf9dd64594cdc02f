/**
 * `npx nx serve fraud-detection`: this use case alone on http://localhost:3000 (`PORT` to change),
 * on the embedded broker unless `KAFKA_BROKERS` is set: the simulator writes `fraud.transactions`
 * there and the queries read it with the Kafka source. Flags, environment, logs, errors and
 * shutdown are the live layer's `runServeCli`.
 */
import { runServeCli } from '@streamlab/live';
import { fraudUseCase } from '../use-case.js';

await runServeCli(fraudUseCase);
