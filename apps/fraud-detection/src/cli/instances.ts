/**
 * `serve`'s scale-out flags (issue 20):
 * - `--instances <n>`: the dashboard, the simulator and the other queries here; the card-keyed
 *   rules in `n` child processes, each an instance of the scale-out application
 *   `fraud-detection` (`0`: none here, start them with `--instance` in other terminals).
 * - `--instance [--name <name>]`: only one instance, no dashboard: it joins the application's
 *   consumer group, runs the partitions Kafka gives it, and leaves on Ctrl-C / SIGTERM.
 * Both need a real broker (`KAFKA_BROKERS`): the embedded broker lives inside one process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Command, Option } from 'commander';
import { pino } from 'pino';
import { z } from 'zod';
import { LOG_LEVELS, type Logger, StreamlabError } from '@streamlab/core';
import { createKafkajsClient, startLocalBroker } from '@streamlab/kafka';
import type { UseCase } from '@streamlab/live';
import { startFraudLive } from '../live/start.js';
import { SCALE_APPLICATION_ID, SCALE_SESSION_TIMEOUT_MS, startFraudInstance } from '../live/scaled.js';
import { fraudUseCase } from '../use-case.js';

const SERVE = fileURLToPath(new URL('./serve.ts', import.meta.url));
/** The most instances `--instances` starts on one machine (each is a Node process with its own producers). */
export const MAX_LOCAL_INSTANCES = 12;

const NEEDS_KAFKA =
  'the instances are separate processes and the embedded broker lives inside one process, so scaling out needs a real Kafka broker: add --kafka to start the local one, or start one with `npm run kafka` and set KAFKA_BROKERS to the address it prints (KAFKA_BROKERS=127.0.0.1:9092 npx nx serve fraud-detection -- --instances 3)';

/** The flags `serve` adds for scaling out (listed by `--help`). */
export const scaleFlags: readonly Option[] = [
  new Option(
    '--instances <n>',
    `run the card-keyed rules (velocity, impossible travel, card testing) scaled out in n child processes (0-${MAX_LOCAL_INSTANCES}; 0: started elsewhere with --instance); needs KAFKA_BROKERS`,
  ),
  new Option('--instance', `run only one scale-out instance of ${SCALE_APPLICATION_ID} (no dashboard), joining the others on KAFKA_BROKERS`),
  new Option('--name <name>', 'with --instance: its name on the dashboard (default <host>-<pid>)'),
  new Option('--kafka', 'start the local Kafka broker (as `npm run kafka` does; Java) and run on it; stopped last (KAFKA_BROKERS wins when set)'),
];

/**
 * With `--kafka` and no `KAFKA_BROKERS`: starts the local broker and returns the environment
 * pointing at it, and how to stop it (last, after the use case); otherwise the environment as is.
 * A broker that cannot start ends the command with one line saying why.
 *
 * @example
 * const { env, stop } = await localBrokerIfAsked(process.argv.slice(2), process.env);
 */
export async function localBrokerIfAsked(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): Promise<{ env: Record<string, string | undefined>; stop: () => Promise<void> }> {
  if (!argv.includes('--kafka') || env['KAFKA_BROKERS']) return { env, stop: async () => undefined };
  process.stdout.write(`${fraudUseCase.name}: starting the local Kafka broker (--kafka; the first run downloads Apache Kafka)...\n`);
  try {
    // serve owns shutdown: the broker installs no signal handlers (they would stop it under the instances)
    const broker = await startLocalBroker({ logger: pino({ level: 'warn' }, pino.destination(2)), handleSignals: false });
    return { env: { ...env, KAFKA_BROKERS: broker.brokers }, stop: () => broker.stop() };
  } catch (err) {
    if (!(err instanceof StreamlabError)) throw err;
    process.stderr.write(`serve ${fraudUseCase.name} --kafka: ${err.message}\n`);
    process.exit(1);
  }
}

const Instances = z.coerce
  .number({ error: `--instances must be a whole number from 0 to ${MAX_LOCAL_INSTANCES}` })
  .int({ error: `--instances must be a whole number from 0 to ${MAX_LOCAL_INSTANCES}` })
  .min(0, { error: `--instances must be a whole number from 0 to ${MAX_LOCAL_INSTANCES}` })
  .max(MAX_LOCAL_INSTANCES, { error: `--instances must be a whole number from 0 to ${MAX_LOCAL_INSTANCES}` });

/**
 * The use case `serve` runs for its flags: as it is without `--instances`, scaled out with it.
 *
 * @example
 * await runServeCli(fraudUseCase, { flags: scaleFlags, configure: scaledUseCase });
 */
export function scaledUseCase(flags: Record<string, unknown>, ctx: { brokers: string | undefined; logger: Logger }): UseCase {
  if (flags['instances'] === undefined) return fraudUseCase;
  const n = Instances.safeParse(flags['instances']);
  if (!n.success) throw new StreamlabError('FRAUD_BAD_INSTANCES', n.error.issues[0]!.message, { value: flags['instances'], hint: 'e.g. --instances 3' });
  const brokers = ctx.brokers;
  if (!brokers) throw new StreamlabError('FRAUD_SCALE_NEEDS_KAFKA', `--instances: ${NEEDS_KAFKA}`, { value: undefined, hint: 'npm run kafka' });
  const say = (line: string) => process.stdout.write(`${fraudUseCase.name}: ${line}\n`);
  return {
    ...fraudUseCase,
    start: (uc) => startFraudLive(uc, {}, { startInstances: async () => spawnInstances(n.data, brokers, say) }),
  };
}

/**
 * Starts `n` instances as child processes (`serve --instance --name instance-<i>`), their lines
 * passed on to stdout; resolves to a stop that ends them with SIGTERM (each commits and leaves).
 *
 * @example
 * const stop = spawnInstances(3, '127.0.0.1:9092', console.log);
 */
export function spawnInstances(n: number, brokers: string, say: (line: string) => void): () => Promise<void> {
  const children: { name: string; child: ChildProcess; exited: Promise<void> }[] = [];
  let stopping = false;
  for (let i = 1; i <= n; i++) {
    const name = `instance-${i}`;
    const child = spawn(process.execPath, [...process.execArgv, SERVE, '--instance', '--name', name], {
      env: { ...process.env, KAFKA_BROKERS: brokers },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    createInterface({ input: child.stdout! }).on('line', (line) => process.stdout.write(`${line}\n`));
    const exited = new Promise<void>((resolve) =>
      child.once('exit', (code, signal) => {
        if (!stopping) {
          say(
            `${name} (pid ${child.pid}) exited (${signal ?? code}): the group moves its partitions to the other instances once its session times out (${SCALE_SESSION_TIMEOUT_MS / 1000} s)`,
          );
        }
        resolve();
      }),
    );
    say(`${name} started (pid ${child.pid})`);
    children.push({ name, child, exited });
  }
  return async () => {
    stopping = true;
    for (const c of children) c.child.kill('SIGTERM');
    const timer = setTimeout(() => {
      for (const c of children) c.child.kill('SIGKILL');
    }, 30_000);
    await Promise.all(children.map((c) => c.exited));
    clearTimeout(timer);
  };
}

/**
 * `serve --instance`: one instance, until SIGINT / SIGTERM (then its tasks commit, it leaves the
 * group, and the others take its partitions at once). Prints `<name>: ...` lines on stdout.
 *
 * @example
 * await runInstanceCli(process.argv.slice(2));
 */
export async function runInstanceCli(argv: readonly string[], env: Record<string, string | undefined> = process.env): Promise<void> {
  const command = new Command('serve --instance');
  for (const flag of scaleFlags) command.addOption(flag);
  command.showHelpAfterError('(--help lists the flags and the environment)').parse(
    argv.filter((a, i) => !(i === 0 && a === '--')),
    { from: 'user' },
  );
  const flags = command.opts<{ name?: string; instances?: string }>();
  const fail = (message: string): never => {
    process.stderr.write(`serve ${fraudUseCase.name} --instance: ${message}\n`);
    process.exit(1);
  };
  if (flags.instances !== undefined) fail('give either --instance (one instance here) or --instances <n> (the dashboard and n instances), not both');
  const name = flags.name ?? `${hostname()}-${process.pid}`;
  if (!/^[\w.-]{1,64}$/.test(name)) fail(`--name ${JSON.stringify(name)}: letters, digits, ".", "_" and "-" only, at most 64`);
  const brokers = env['KAFKA_BROKERS'];
  if (!brokers) fail(`KAFKA_BROKERS is not set: ${NEEDS_KAFKA}`);
  const level = z.enum(LOG_LEVELS).safeParse(env['LOG_LEVEL'] || 'warn');
  if (!level.success) fail(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const logger = pino({ level: level.data ?? 'warn' }, pino.destination(2)).child({ instance: name });
  const say = (line: string) => process.stdout.write(`${name}: ${line}\n`);
  const client = createKafkajsClient({ brokers: brokers!, logger });
  let running: Awaited<ReturnType<typeof startFraudInstance>>;
  try {
    running = await startFraudInstance({ client, logger, name, say });
  } catch (err) {
    await client.close().catch(() => undefined);
    if (err instanceof StreamlabError) fail(err.message);
    if (err instanceof Error && err.name.startsWith('KafkaJS'))
      fail(`cannot reach Kafka at KAFKA_BROKERS=${brokers} (${err.message}): start one with \`npm run kafka\``);
    throw err;
  }
  say(`joined ${SCALE_APPLICATION_ID} (pid ${process.pid}); Ctrl-C to leave`);
  let closing = false;
  const leave = () => {
    if (closing) return;
    closing = true;
    say('leaving: committing running batches');
    void running
      .stop()
      .then(() => client.close())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'instance stop failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGINT', leave);
  process.once('SIGTERM', leave);
}
