/**
 * `npx nx serve fraud-detection`: this use case alone on http://localhost:3000 (`PORT` to change),
 * on the embedded broker unless `KAFKA_BROKERS` is set: the simulator writes `fraud.transactions`
 * there and the queries read it with the Kafka source. It runs through the live layer's
 * `serveUseCases`, as the hub (`npm start`) does, so the queries' progress (processing rate,
 * batch time) reaches the dashboard; Ctrl-C stops the queries, then the broker client.
 */
import { pino } from 'pino';
import { z } from 'zod';
import { createKafkaClient } from '@streamlab/kafka';
import { onShutdownSignal, serveUseCases, type BrokerInfo } from '@streamlab/live';
import { fraudUseCase } from '../use-case.js';

const level = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent' })
  .default('info')
  .safeParse(process.env.LOG_LEVEL || undefined);
if (!level.success) {
  process.stderr.write(`serve fraud-detection: ${level.error.issues[0]!.message}\n`);
  process.exit(2);
}
const logger = pino({ level: level.data });
const brokers = process.env.KAFKA_BROKERS;
const kafka = createKafkaClient({ logger, env: process.env });
const broker: BrokerInfo = brokers ? { mode: 'external', brokers, kafka } : { mode: 'embedded', kafka };
let served: Awaited<ReturnType<typeof serveUseCases>>;
try {
  served = await serveUseCases({ useCases: [fraudUseCase], broker, logger, env: process.env });
} catch (err) {
  await kafka.close();
  throw err;
}
process.stdout.write(`fraud-detection: ${served.url}/${fraudUseCase.name}/ (${broker.mode === 'embedded' ? 'embedded broker' : `Kafka at ${brokers}`})\n`);
onShutdownSignal(async () => {
  await served.close();
  await kafka.close();
}, logger);
