/**
 * `npm run kafka`: starts the local Apache Kafka broker in the foreground and prints
 * `KAFKA_BROKERS=127.0.0.1:<port>` on stdout; Ctrl-C stops it (and removes its data).
 */
import { Command } from 'commander';
import { pino } from 'pino';
import { z } from 'zod';
import { startLocalBroker } from '../broker/local-broker.js';

const Options = z.object({
  heap: z.string().regex(/^\d+[mMgG]$/, 'heap must look like 512m or 1g'),
  logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'silent']),
  readyTimeoutMs: z.coerce.number().int().positive(),
});

const program = new Command('kafka')
  .description('Start a local Apache Kafka broker (KRaft, one node) on 127.0.0.1 and print KAFKA_BROKERS=...')
  .option('--heap <size>', 'JVM max heap', '512m')
  .option('--log-level <level>', 'log level (logs go to stderr)', process.env['LOG_LEVEL'] ?? 'info')
  .option('--ready-timeout-ms <ms>', 'how long to wait for the broker to be ready', '90000')
  .parse();

const parsed = Options.safeParse(program.opts());
if (!parsed.success) {
  program.error(`invalid options: ${parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('; ')}`);
}
const opts = parsed.data!;
const logger = pino({ level: opts.logLevel }, pino.destination(2));

try {
  const broker = await startLocalBroker({ logger, maxHeap: opts.heap, readyTimeoutMs: opts.readyTimeoutMs });
  process.stdout.write(`KAFKA_BROKERS=${broker.brokers}\n`);
  logger.info({ logFile: broker.logFile, pid: broker.pid, dir: broker.dir }, 'Kafka broker running; press Ctrl-C to stop');
  const shutdown = () => {
    void broker.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} catch (err) {
  logger.error({ err }, err instanceof Error ? err.message : String(err));
  process.exit(1);
}
