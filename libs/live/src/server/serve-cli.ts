/**
 * A use case's `serve` command (`npx nx serve <use-case>`): the use case alone on
 * http://localhost:3000 (`PORT` to change), on the embedded broker unless `KAFKA_BROKERS` is set.
 * It runs through `serveUseCases`, as the hub (`npm start`) does, so the queries' progress
 * (processing rate, batch time) reaches the dashboard; Ctrl-C stops the queries, then the broker
 * client. Logs (pino, JSON) go to stderr at `LOG_LEVEL` (default `warn`); a bad setting or an
 * unreachable broker ends with one line saying what to fix (exit code 1; 2 for a bad LOG_LEVEL).
 */
import { Command, type Option } from 'commander';
import { pino } from 'pino';
import { z } from 'zod';
import { LOG_LEVELS, type Logger, StreamlabError } from '@streamlab/core';
import { createKafkaClient, type KafkaClient } from '@streamlab/kafka';
import type { UseCase, UseCaseBroker } from '../use-case.js';
import { onShutdownSignal, serveUseCases, type ServedUseCases } from './serve-use-cases.js';

export interface ServeCliOptions {
  /** The command-line arguments after the script (default `process.argv.slice(2)`; a leading `--` is dropped). */
  argv?: readonly string[];
  /** Where PORT, KAFKA_BROKERS, LOG_LEVEL and STREAMLAB_TOKEN come from (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Flags of this use case's `serve` besides the shared ones (commander `Option`s), e.g. fraud's `--instances`. */
  flags?: readonly Option[];
  /**
   * The use case to serve given the parsed flags (default: `useCase` as it is). A `StreamlabError`
   * thrown here ends the command with its message (what to fix), as a bad setting does.
   */
  configure?: (flags: Record<string, unknown>, ctx: { brokers: string | undefined; logger: Logger }) => UseCase;
  /** Called last on shutdown, after the use case and the Kafka client are closed (e.g. to stop a broker the caller started). */
  afterClose?: () => Promise<void> | void;
}

/**
 * Parses the flags and environment, serves `useCase` alone and stops it on SIGINT/SIGTERM.
 * Resolves once it is listening; a setting the user can fix exits the process with one line on stderr.
 *
 * @example
 * // src/cli/serve.ts of a use case
 * await runServeCli(fraudUseCase);
 */
export async function runServeCli(useCase: UseCase, opts: ServeCliOptions = {}): Promise<ServedUseCases> {
  const env = opts.env ?? process.env;
  const argv = opts.argv ?? process.argv.slice(2);
  const name = `serve ${useCase.name}`;
  const command = new Command('serve');
  for (const flag of opts.flags ?? []) command.addOption(flag);
  command
    .description(`Runs the ${useCase.name} dashboard alone (the hub, \`npm start\`, runs every use case).`)
    .addHelpText(
      'after',
      '\nEnvironment: PORT (default 3000), KAFKA_BROKERS (default: the embedded broker), LOG_LEVEL (default warn), STREAMLAB_TOKEN (16+ characters), STREAMLAB_ALLOWED_HOSTS.',
    )
    .showHelpAfterError('(--help lists the flags and the environment)')
    .parse(
      argv.filter((a, i) => !(i === 0 && a === '--')),
      { from: 'user' },
    );
  const flags = command.opts();

  const level = z
    .enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
    .default('warn')
    .safeParse(env.LOG_LEVEL || undefined);
  if (!level.success) {
    process.stderr.write(`${name}: ${level.error.issues[0]!.message}\n`);
    process.exit(2);
  }
  const logger = pino({ level: level.data }, pino.destination(2));
  const brokers = env.KAFKA_BROKERS;

  /** One line for what the user can fix (bad settings, no broker); anything else is a bug: rethrown. */
  const explain = (err: unknown): string | undefined => {
    if (err instanceof StreamlabError) return err.message;
    if (brokers && err instanceof Error && err.name.startsWith('KafkaJS')) {
      return `cannot reach Kafka at KAFKA_BROKERS=${brokers} (${err.message}): start one with \`npm run kafka\` and set KAFKA_BROKERS to the address it prints, or unset KAFKA_BROKERS to use the embedded broker`;
    }
    return undefined;
  };

  let kafka: KafkaClient | undefined;
  let served: ServedUseCases;
  try {
    kafka = createKafkaClient({ logger, env });
    const broker: UseCaseBroker = brokers ? { mode: 'external', brokers, kafka } : { mode: 'embedded', kafka };
    const served_ = opts.configure ? opts.configure(flags, { brokers, logger }) : useCase;
    served = await serveUseCases({ useCases: [served_], broker, logger, env, progress: (line) => process.stdout.write(`${useCase.name}: ${line}\n`) });
  } catch (err) {
    await kafka?.close();
    const message = explain(err);
    if (message === undefined) throw err;
    process.stderr.write(`${name}: ${message}\n`);
    process.exit(1);
  }
  const token = env.STREAMLAB_TOKEN ? `?token=${encodeURIComponent(env.STREAMLAB_TOKEN)}` : '';
  process.stdout.write(`${useCase.name}: ${served.url}/${useCase.name}/${token} (${brokers ? `Kafka at ${brokers}` : 'embedded broker'}); Ctrl-C to stop\n`);
  const client = kafka;
  onShutdownSignal(
    async () => {
      await served.close();
      await client.close();
      await opts.afterClose?.();
    },
    logger,
    { say: (line) => process.stdout.write(`${useCase.name}: ${line}\n`) },
  );
  return served;
}
