/**
 * `npm run kafka [-- --port 9092]`: starts the local Apache Kafka broker in the foreground and
 * prints `KAFKA_BROKERS=127.0.0.1:<port>` on stdout (nothing else goes there, so it can be read by
 * a script). What it is doing is said in plain lines on stderr; JSON logs only at `--log-level
 * info` or lower. Ctrl-C (or SIGTERM, or the parent going away) stops it, in any phase of the start
 * too, and removes its data unless `--data-dir` keeps it. If the broker dies on its own, this exits
 * 1 with the last lines of the broker's log.
 */
import { Command } from 'commander';
import { pino } from 'pino';
import { z } from 'zod';
import { LOG_LEVELS, StreamlabError } from '@streamlab/core';
import { brokerLogTail, startLocalBroker, type LocalBroker } from '../broker/local-broker.js';
import { portsFree } from '../broker/free-port.js';
import { watchParent } from '../broker/parent-watch.js';

/** Lines of the broker log printed when the broker dies. */
const TAIL_LINES = 20;

/** Kafka's usual port: taken when free and no other was asked for. */
const DEFAULT_PORT = 9092;

const portNumber = z.coerce
  .number({ error: 'must be a port number from 1 to 65535' })
  .int({ error: 'must be a port number from 1 to 65535' })
  .min(1, { error: 'must be a port number from 1 to 65535' })
  .max(65535, { error: 'must be a port number from 1 to 65535' });

const Options = z.object({
  port: portNumber.optional(),
  advertise: z
    .string()
    .regex(/^[a-zA-Z0-9.-]+$/, 'must be a host name or IPv4 address that the other machines reach this one by (e.g. 192.168.1.20)')
    .optional(),
  heap: z.string().regex(/^\d+[mMgG]$/, 'heap must look like 512m or 1g'),
  logLevel: z.enum(LOG_LEVELS),
  readyTimeoutMs: z.coerce.number().int().positive(),
  dataDir: z.string().min(1, 'give a directory').optional(),
});

const program = new Command('kafka')
  .description('Start a local Apache Kafka broker (KRaft, one node) on 127.0.0.1 and print KAFKA_BROKERS=...')
  .option('--port <port>', `the client port (default ${DEFAULT_PORT}, or a free one when ${DEFAULT_PORT} is taken)`)
  .option('--advertise <host>', "share the broker: listen on every interface and advertise this host or IP (a workshop room's broker)")
  .option('--heap <size>', 'JVM max heap', '512m')
  .option('--log-level <level>', 'JSON logs on stderr at this level', process.env['LOG_LEVEL'] ?? 'warn')
  .option('--ready-timeout-ms <ms>', 'how long to wait for the broker to be ready', '90000')
  .option(
    '--data-dir <path>',
    'keep the config and data here (default: a temp dir removed on stop); a restart on it reuses the data and, while free, the ports',
  )
  .parse();

const parsed = Options.safeParse(program.opts());
if (!parsed.success) {
  const given = program.opts<Record<string, unknown>>();
  const flag = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  program.error(
    `kafka: ${parsed.error.issues.map((i) => `${flag(String(i.path[0]))} ${i.message}, got ${JSON.stringify(given[String(i.path[0])])}`).join('; ')}`,
  );
}
const opts = parsed.data!;
const logger = pino({ level: opts.logLevel }, pino.destination(2));
/** What this command is doing, for people (stderr; stdout carries only KAFKA_BROKERS=...). */
const say = (line: string) => process.stderr.write(`kafka: ${line}\n`);

/** `--port`, else 9092 while free, else a free port (said). */
async function clientPort(): Promise<number | undefined> {
  if (opts.port !== undefined) return opts.port;
  if (await portsFree([DEFAULT_PORT])) return DEFAULT_PORT;
  say(`port ${DEFAULT_PORT} is taken (another Kafka?): using a free port instead (--port to choose)`);
  return undefined;
}

// This process owns shutdown: a signal (or npm going away) aborts the start in any phase, or
// stops the running broker, and then exits.
const abort = new AbortController();
let broker: LocalBroker | undefined;
let exiting = false;
const shutdown = (code: number, why: string) => {
  if (exiting) return;
  exiting = true;
  say(broker ? 'stopping the broker...' : 'stopping the start...');
  abort.abort(why);
  void starting
    .then(() => broker?.stop())
    .finally(() => {
      say('stopped');
      process.exit(code);
    });
};
process.on('SIGINT', () => shutdown(0, 'SIGINT'));
process.on('SIGTERM', () => shutdown(0, 'SIGTERM'));
watchParent(() => shutdown(0, 'the parent process exited'));

const started = Date.now();
const starting = (async () => {
  try {
    const port = opts.dataDir ? opts.port : await clientPort();
    const where = opts.advertise ? `every interface, advertised as ${opts.advertise}` : '127.0.0.1';
    say(`starting Apache Kafka (KRaft, one node) on ${where}${port ? `:${port}` : ''}; the first run downloads it from Maven Central...`);
    broker = await startLocalBroker({
      logger,
      ...(port !== undefined ? { port } : {}),
      ...(opts.advertise ? { advertisedHost: opts.advertise } : {}),
      maxHeap: opts.heap,
      readyTimeoutMs: opts.readyTimeoutMs,
      handleSignals: false,
      signal: abort.signal,
      ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    });
  } catch (err) {
    if (exiting && err instanceof StreamlabError && err.code === 'KAFKA_START_ABORTED') return;
    logger.debug({ err }, 'the Kafka broker did not start');
    say(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
  const running = broker;
  process.stdout.write(`KAFKA_BROKERS=${running.brokers}\n`);
  logger.info({ logFile: running.logFile, pid: running.pid, dir: running.dir, keepsData: running.keepsData }, 'Kafka broker running');
  say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s at ${running.brokers} (log: ${running.logFile}); Ctrl-C to stop`);
  void running.exited.then(async (exit) => {
    if (exit.expected || exiting) return;
    exiting = true;
    const how = exit.signal ?? `exit ${exit.code}`;
    const tail = brokerLogTail(running.logFile, TAIL_LINES);
    logger.error({ pid: running.pid, code: exit.code, signal: exit.signal, logFile: running.logFile }, `the Kafka broker died (${how})`);
    process.stderr.write(
      `kafka: the Kafka broker (pid ${running.pid}) died (${how}). Last ${tail.length} lines of ${running.logFile}:\n` +
        `${tail.map((l) => `  ${l}`).join('\n')}\n` +
        (running.keepsData
          ? `Its data is kept in ${running.dir}: run again with --data-dir ${running.dir} to restart on it.\n`
          : 'Its temp data dir is removed; use --data-dir <path> to keep data across runs.\n'),
    );
    await running.stop();
    process.exit(1);
  });
})();
