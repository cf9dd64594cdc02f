/**
 * `npx nx serve fraud-detection`: this use case alone on http://localhost:3000 (`PORT` to change),
 * on the embedded broker unless `KAFKA_BROKERS` is set: the simulator writes `fraud.transactions`
 * there and the queries read it with the Kafka source. It runs through the live layer's
 * `serveUseCases`, as the hub (`npm start`) does, so the queries' progress (processing rate,
 * batch time) reaches the dashboard; Ctrl-C stops the queries, then the broker client.
 * Logs (pino, JSON) go to stderr at `LOG_LEVEL` (default `warn`); a bad setting or an unreachable
 * broker ends with one line saying what to fix (exit code 1; 2 for a bad LOG_LEVEL).
 */
import { Command } from 'commander';
import { pino } from 'pino';
import { z } from 'zod';
import { LOG_LEVELS, StreamlabError } from '@streamlab/core';
import { createKafkaClient, type KafkaClient } from '@streamlab/kafka';
import { onShutdownSignal, serveUseCases, type UseCaseBroker } from '@streamlab/live';
import { fraudUseCase } from '../use-case.js';

const NAME = 'serve fraud-detection';
new Command('serve')
  .description('Runs the fraud-detection dashboard alone (the hub, `npm start`, runs every use case).')
  .addHelpText('after', '\nEnvironment: PORT (default 3000), KAFKA_BROKERS (default: the embedded broker), LOG_LEVEL (default warn), STREAMLAB_TOKEN.')
  .parse(process.argv.slice(2).filter((a, i) => !(i === 0 && a === '--')), { from: 'user' });

const level = z
  .enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  .default('warn')
  .safeParse(process.env.LOG_LEVEL || undefined);
if (!level.success) {
  process.stderr.write(`${NAME}: ${level.error.issues[0]!.message}\n`);
  process.exit(2);
}
const logger = pino({ level: level.data }, pino.destination(2));
const brokers = process.env.KAFKA_BROKERS;

/** One line for what the user can fix (bad settings, no broker); anything else is a bug: rethrown. */
function explain(err: unknown): string | undefined {
  if (err instanceof StreamlabError) return err.message;
  if (brokers && err instanceof Error && err.name.startsWith('KafkaJS')) {
    return `cannot reach Kafka at KAFKA_BROKERS=${brokers} (${err.message}): start one with \`npm run kafka\` and set KAFKA_BROKERS to the address it prints, or unset KAFKA_BROKERS to use the embedded broker`;
  }
  return undefined;
}

let kafka: KafkaClient | undefined;
let served: Awaited<ReturnType<typeof serveUseCases>>;
try {
  kafka = createKafkaClient({ logger, env: process.env });
  const broker: UseCaseBroker = brokers ? { mode: 'external', brokers, kafka } : { mode: 'embedded', kafka };
  served = await serveUseCases({ useCases: [fraudUseCase], broker, logger, env: process.env });
} catch (err) {
  await kafka?.close();
  const message = explain(err);
  if (message === undefined) throw err;
  process.stderr.write(`${NAME}: ${message}\n`);
  process.exit(1);
}
process.stdout.write(`fraud-detection: ${served.url}/${fraudUseCase.name}/ (${brokers ? `Kafka at ${brokers}` : 'embedded broker'}); Ctrl-C to stop\n`);
const client = kafka;
onShutdownSignal(async () => {
  await served.close();
  await client.close();
}, logger);
