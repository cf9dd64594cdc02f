/**
 * `npm start [-- --kafka]`: runs the hub in the foreground, prints the URL and the broker mode,
 * and shuts down gracefully on SIGINT/SIGTERM (a second signal exits at once).
 */
import { Command } from 'commander';
import { pino } from 'pino';
import { z } from 'zod';
import { LOG_LEVELS, StreamlabError, type LogLevel } from '@streamlab/core';
import { watchParent } from '@streamlab/kafka';
import { onShutdownSignal, type UseCaseSimulation } from '@streamlab/live';
import { startHub } from './hub.js';

export interface HubArgs {
  kafka: boolean;
  demo: boolean;
  only?: string[];
  logLevel: LogLevel;
  /** Simulator pace for every use case (`--rate`, `--speed`, or `STREAMLAB_RATE`, `STREAMLAB_SPEED`). */
  simulation?: UseCaseSimulation;
}

/** A positive finite number from a flag or its variable, or an error naming both and the value. */
function positive(value: string | undefined, flag: string, variable: string, want: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    throw new StreamlabError('HUB_BAD_FLAG', `${flag} (or ${variable}) must be ${want}, got ${JSON.stringify(value)}`, { value });
  }
  return n;
}

/** What `--help` says after the flags: the environment the hub reads (see the README's table). */
export const HUB_ENV_HELP = `
Environment:
  PORT=3000                    the port (0 picks a free one)
  KAFKA_BROKERS=host:port      use an existing Kafka broker instead of the embedded log
  STREAMLAB_TOKEN=...          require this token for sockets and APIs (the printed links carry it)
  STREAMLAB_ALLOWED_HOSTS=...  also answer to these host names (comma-separated)
  STREAMLAB_RATE, STREAMLAB_SPEED, LOG_LEVEL  defaults of --rate, --speed, --log-level`;

/**
 * Parses and validates the hub's flags (`LOG_LEVEL` is the default of `--log-level`). Unknown
 * flags exit through commander (with a pointer to `--help`); a bad value throws `HUB_BAD_FLAG`
 * saying what to write instead. `configure` adjusts the command before parsing (tests: exitOverride).
 *
 * @example
 * parseHubArgs(['node', 'start.ts', '--only', 'fraud-detection'], process.env).only; // ['fraud-detection']
 */
export function parseHubArgs(argv: string[], env: Record<string, string | undefined> = process.env, configure?: (program: Command) => void): HubArgs {
  const program = new Command('streamlab')
    .description('Runs every StreamLab use case on one port (PORT, default 3000).')
    .option('--kafka', 'start the local Apache Kafka broker first and use it (default: the embedded broker, or KAFKA_BROKERS when set)', false)
    .option('--demo', 'also run the built-in demo use case when apps are found', false)
    .option('--only <names...>', 'run only these use cases (e.g. --only fraud-detection)')
    .option('--log-level <level>', `pino log level (JSON logs on stderr): ${LOG_LEVELS.join(', ')}`, env.LOG_LEVEL || 'warn')
    .option('--rate <events/s>', "events per second each use case's simulator sends (default: each one's demo pace; env STREAMLAB_RATE)")
    .option('--speed <factor>', "simulated seconds per real second (default: each one's demo pace, e.g. 5 for fraud; env STREAMLAB_SPEED)")
    .addHelpText('after', HUB_ENV_HELP)
    .showHelpAfterError('(npm start -- --help lists the flags)');
  configure?.(program);
  program.parse(argv);
  const opts = program.opts<{ kafka: boolean; demo: boolean; only?: string[]; logLevel: string; rate?: string; speed?: string }>();
  const rate = positive(opts.rate ?? env.STREAMLAB_RATE, '--rate', 'STREAMLAB_RATE', 'a positive number of events per second');
  const speed = positive(opts.speed ?? env.STREAMLAB_SPEED, '--speed', 'STREAMLAB_SPEED', 'a positive factor (1 = real time)');
  const level = z.enum(LOG_LEVELS).safeParse(opts.logLevel);
  if (!level.success) {
    const fromEnv = program.getOptionValueSource('logLevel') === 'default';
    throw new StreamlabError('HUB_BAD_FLAG', `${fromEnv ? 'LOG_LEVEL' : '--log-level'} must be a pino level, got ${JSON.stringify(opts.logLevel)}`, {
      value: opts.logLevel,
      hint: `use one of ${LOG_LEVELS.join(', ')}`,
    });
  }
  const simulation: UseCaseSimulation = { ...(rate !== undefined ? { rate } : {}), ...(speed !== undefined ? { speed } : {}) };
  return {
    kafka: opts.kafka,
    demo: opts.demo,
    ...(opts.only ? { only: opts.only } : {}),
    logLevel: level.data,
    ...(rate !== undefined || speed !== undefined ? { simulation } : {}),
  };
}

/**
 * Parses the command line and runs the hub until a signal.
 *
 * @example
 * await runHubCli(process.argv); // npm start -- --kafka
 */
export async function runHubCli(argv: string[]): Promise<void> {
  let opts: HubArgs;
  try {
    opts = parseHubArgs(argv);
  } catch (err) {
    if (!(err instanceof StreamlabError)) throw err;
    process.stderr.write(`streamlab: ${err.message}\n`);
    process.exitCode = 2;
    return;
  }
  const logger = pino({ level: opts.logLevel, base: undefined }, pino.destination(2));
  if (opts.kafka && !process.env.KAFKA_BROKERS) process.stdout.write('Starting the local Kafka broker (the first run downloads it)...\n');
  // Shutdown is ours from the first moment: a signal during the start aborts it (the local broker's
  // storage format or JVM included, its temp dir removed); once running, the hub closes queries,
  // then servers, then the broker. When the process that started us (npm) goes away, we shut down
  // the same way instead of running on as an orphan.
  const abort = new AbortController();
  const starting = startHub({
    logger,
    startKafka: opts.kafka,
    demo: opts.demo,
    signal: abort.signal,
    progress: (line) => process.stdout.write(`${line}\n`),
    ...(opts.only ? { only: opts.only } : {}),
    ...(opts.simulation ? { simulation: opts.simulation } : {}),
  });
  starting.catch(() => undefined);
  onShutdownSignal(
    async () => {
      abort.abort();
      const running = await starting.catch(() => undefined);
      await running?.close();
    },
    logger,
    // a local broker alone may take 15 s to stop (then it is killed): leave room for it
    { say: (line) => process.stdout.write(`${line}\n`), timeoutMs: 30_000 },
  );
  watchParent(() => {
    logger.warn('the parent process exited: shutting down');
    process.kill(process.pid, 'SIGTERM');
  });
  let hub: Awaited<typeof starting>;
  try {
    hub = await starting;
    if (abort.signal.aborted) return; // stopped while starting: the shutdown handler closes it
  } catch (err) {
    if (abort.signal.aborted) return; // a signal during the start: the shutdown handler exits
    if (err instanceof StreamlabError) {
      process.stderr.write(`streamlab: ${err.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw err;
  }
  // with STREAMLAB_TOKEN set, the links carry it: the page keeps it for its socket and API calls
  const token = process.env.STREAMLAB_TOKEN ? `?token=${encodeURIComponent(process.env.STREAMLAB_TOKEN)}` : '';
  const lines = [
    `StreamLab hub running at ${hub.url}/${token} (${hub.mode})`,
    ...hub.useCases.map((u) => `  ${u.title.padEnd(28)} ${hub.url}/${u.name}/${token}`),
    'Press Ctrl-C to stop.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
