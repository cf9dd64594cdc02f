/**
 * `npx nx serve fraud-detection`: this use case alone on http://localhost:3000 (`PORT` to change),
 * on the embedded broker unless `KAFKA_BROKERS` is set. The hub (`npm start`) runs it with the
 * others.
 */
import { pino } from 'pino';
import { z } from 'zod';
import { serveFraud } from '../live/serve.js';

const level = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent' })
  .default('info')
  .safeParse(process.env.LOG_LEVEL || undefined);
if (!level.success) {
  process.stderr.write(`serve fraud-detection: ${level.error.issues[0]!.message}\n`);
  process.exit(2);
}
const logger = pino({ level: level.data });
const served = await serveFraud({ env: process.env, logger });
process.stdout.write(`fraud-detection: ${served.url} (${served.mode === 'embedded' ? 'embedded broker' : `Kafka at ${process.env.KAFKA_BROKERS}`})\n`);
const stop = () => void served.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
