/**
 * `npx nx serve fraud-detection`: this use case alone on http://localhost:3000 (`PORT` to change),
 * on the embedded broker unless `KAFKA_BROKERS` is set. The hub (`npm start`) runs it with the
 * others.
 */
import { pino } from 'pino';
import { createKafkaClient } from '@streamlab/kafka';
import { buildWebAssets, createLiveServer, defaultLiveHub, loadLiveConfig, type BrokerInfo } from '@streamlab/live';
import { fraudUseCase } from '../use-case.js';

const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
const config = loadLiveConfig(process.env);
const kafka = createKafkaClient({ logger });
const brokers = process.env.KAFKA_BROKERS;
const broker: BrokerInfo = brokers ? { mode: 'external', brokers, kafka } : { mode: 'embedded', kafka };
const uc = fraudUseCase;
const web = await buildWebAssets({ entries: { [`uc-${uc.name}`]: uc.dashboard.entry }, logger });
const server = createLiveServer({ config, logger, web, hub: defaultLiveHub, broker });
server.mount({ summary: { name: uc.name, title: uc.title, description: uc.description, tile: uc.tile ?? null }, entry: `uc-${uc.name}` });
const abort = new AbortController();
const run = await uc.start({ namespace: uc.name, hub: defaultLiveHub, logger: logger.child({ useCase: uc.name }), broker, signal: abort.signal });
server.setQueries(uc.name, run.queries);
const url = await server.listen();
process.stdout.write(`fraud-detection: ${url}/${uc.name}/ (${broker.mode === 'embedded' ? 'embedded broker' : `Kafka at ${brokers}`})\n`);

let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  abort.abort();
  for (const q of run.queries) await q.stop();
  await run.stop?.();
  await server.close();
  await kafka.close();
}
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
