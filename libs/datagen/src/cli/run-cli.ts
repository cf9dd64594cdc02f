/**
 * `runSimulatorCli(model, argv)`: the whole `simulate` command of an app in one call. Parses and
 * validates the flags, builds the simulation, writes to Kafka or NDJSON with a progress bar, and
 * prints the summary. Returns the process exit code (0 done, 2 bad options, 1 failure).
 */
import { StreamlabError, SystemClock, type Clock, type Logger } from '@streamlab/core';
import { createKafkaClient, type KafkaClient } from '@streamlab/kafka';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Model } from '../model.js';
import { kafkaOutput } from '../outputs/kafka.js';
import { ndjsonOutput } from '../outputs/ndjson.js';
import type { SimOutput } from '../outputs/output.js';
import { runSimulation, type RunSummary } from '../run.js';
import { Simulation } from '../simulation.js';
import { type CliOptions, parseSimulatorArgs } from './args.js';
import { startProgressBar } from './progress.js';
import { formatSummary } from './summary.js';

/** What the CLI talks to; every field has a real default (tests inject their own). */
export interface CliDeps {
  /** `isTTY`: records go to a file rather than flood a terminal when `--out` is not given. */
  stdout?: NodeJS.WritableStream & { isTTY?: boolean };
  stderr?: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  logger?: Logger;
  /** Makes the Kafka client for `--kafka` (default: `createKafkaClient({ brokers })`). */
  kafkaClient?: (brokers: string, logger: Logger) => KafkaClient;
  /** Where a default records file goes (the working directory). */
  cwd?: string;
  /** Stops the run early (the bin wires SIGINT/SIGTERM to it). */
  signal?: AbortSignal;
}

/** Error codes that mean "fix the command line" (exit code 2) rather than "the run failed" (1). */
const USAGE_CODES = new Set(['DATAGEN_UNKNOWN_SCENARIO', 'BAD_DURATION', 'KAFKA_BAD_BROKERS']);

/**
 * A model that is costly to build (a large world of entities): built after the command line is
 * parsed, so `--help` and a bad flag answer at once, and from the parsed options (e.g. the rate).
 */
export interface LazyModel<E, R, P> {
  /** The model's name (its default topic), known before it is built. */
  name: string;
  /** What is being built, for the line shown while it is (e.g. `200,000 cards`). */
  describe?(options: CliOptions): string;
  build(options: CliOptions): Model<E, R, P>;
}

/** Exit code and, when the run happened, its summary. */
export interface CliResult {
  exitCode: number;
  summary?: RunSummary;
}

/**
 * Runs the simulator command line for `model`. `argv` is the arguments after the script
 * (`process.argv.slice(2)`); a leading `--` is ignored.
 *
 * @example
 * // apps/fraud-detection/src/simulate.ts
 * process.exitCode = (await runSimulatorCli(fraudModel, process.argv.slice(2))).exitCode;
 */
export async function runSimulatorCli<E, R, P>(
  modelOrLazy: Model<E, R, P> | LazyModel<E, R, P>,
  argv: readonly string[],
  deps: CliDeps = {},
): Promise<CliResult> {
  const stdout = deps.stdout ?? process.stdout;
  const stderr = deps.stderr ?? process.stderr;
  const clock = deps.clock ?? new SystemClock();
  const name = modelOrLazy.name;
  let client: KafkaClient | undefined;
  try {
    const opts = parseSimulatorArgs(name, argv, deps.env ?? process.env);
    const logger = deps.logger ?? pino({ level: opts.logLevel }, pino.destination(2));
    let model: Model<E, R, P>;
    if ('build' in modelOrLazy) {
      const what = modelOrLazy.describe?.(opts);
      const started = Date.now();
      if (opts.progress) stderr.write(`simulate ${name}: building the model${what ? ` (${what})` : ''}...\n`);
      model = modelOrLazy.build(opts);
      if (opts.progress) stderr.write(`simulate ${name}: built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    } else {
      model = modelOrLazy;
    }
    if (opts.startNow) opts.simulation.startMs = clock.now();
    const sim = new Simulation(model, opts.simulation);
    let output: SimOutput<R>;
    if (opts.kafka) {
      const kafka = (deps.kafkaClient ?? ((brokers, log) => createKafkaClient({ brokers, logger: log })))(opts.brokers!, logger);
      client = kafka;
      output = kafkaOutput<R>({ client: kafka, topic: opts.topic, labelsTopic: opts.labelsTopic, partitions: opts.partitions, clock });
    } else {
      // a terminal is no place for a million records: they go to a file unless asked for with --out -
      const path = opts.out ?? (stdout.isTTY ? join(deps.cwd ?? process.cwd(), `${opts.topic}.ndjson`) : '-');
      if (opts.out === undefined && path !== '-')
        stderr.write(`simulate ${name}: writing records to ${path} (--out - prints them, --out <file> puts them elsewhere)\n`);
      opts.out = path;
      output = ndjsonOutput<R>({ path, labelsPath: opts.labels });
    }
    // The summary goes to stderr when the records themselves go to stdout.
    const report = !opts.kafka && opts.out === '-' ? stderr : stdout;
    const bar = opts.progress ? startProgressBar(stderr) : undefined;
    let summary: RunSummary;
    try {
      summary = await runSimulation(sim, output, {
        clock,
        asap: opts.asap,
        logger,
        ...(deps.signal ? { signal: deps.signal } : {}),
        ...(bar ? { onProgress: (p) => bar.update(p) } : {}),
      });
    } finally {
      bar?.stop();
    }
    report.write(formatSummary(summary));
    return { exitCode: 0, summary };
  } catch (err) {
    if (err instanceof StreamlabError && err.code === 'DATAGEN_HELP') {
      stdout.write(err.message);
      return { exitCode: 0 };
    }
    // the reader went away (`| head -3`): what it wanted was written; stop quietly, as Unix tools do
    if ((err as NodeJS.ErrnoException | null)?.code === 'EPIPE') return { exitCode: 0 };
    const usage = err instanceof StreamlabError && (err.code.startsWith('DATAGEN_BAD') || USAGE_CODES.has(err.code));
    const message = err instanceof Error ? err.message : String(err);
    stderr.write(`simulate ${name}: ${message}\n`);
    return { exitCode: usage ? 2 : 1 };
  } finally {
    await client?.close();
  }
}
