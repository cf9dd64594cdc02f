/**
 * `npx nx serve fraud-detection`: this use case alone on http://localhost:3000 (`PORT` to change),
 * on the embedded broker unless `KAFKA_BROKERS` is set. The hub (`npm start`) runs it with the
 * others.
 */
import { pino } from 'pino';
import { serveFraud } from '../live/serve.js';

const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
const served = await serveFraud({ env: process.env, logger });
process.stdout.write(`fraud-detection: ${served.url} (${served.mode === 'embedded' ? 'embedded broker' : `Kafka at ${process.env.KAFKA_BROKERS}`})\n`);
const stop = () => void served.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
