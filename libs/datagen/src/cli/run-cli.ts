/**
 * `runSimulatorCli(model, argv)`: the whole `simulate` command of an app in one call. Parses and
 * validates the flags, builds the simulation, writes to Kafka or NDJSON with a progress bar, and
 * prints the summary. Returns the process exit code (0 done, 2 bad options, 1 failure).
 */
import { StreamlabError, SystemClock, type Clock, type Logger } from '@streamlab/core';
import { createKafkaClient, type KafkaClient } from '@streamlab/kafka';
import { pino } from 'pino';
import type { Model } from '../model.js';
import { kafkaOutput } from '../outputs/kafka.js';
import { ndjsonOutput } from '../outputs/ndjson.js';
import type { SimOutput } from '../outputs/output.js';
import { runSimulation, type RunSummary } from '../run.js';
import { Simulation } from '../simulation.js';
import { parseSimulatorArgs } from './args.js';
import { startProgressBar } from './progress.js';
import { formatSummary } from './summary.js';

/** What the CLI talks to; every field has a real default (tests inject their own). */
export interface CliDeps {
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  logger?: Logger;
  /** Makes the Kafka client for `--kafka` (default: `createKafkaClient({ brokers })`). */
  kafkaClient?: (brokers: string, logger: Logger) => KafkaClient;
  /** Stops the run early (the bin wires SIGINT/SIGTERM to it). */
  signal?: AbortSignal;
}

/** Error codes that mean "fix the command line" (exit code 2) rather than "the run failed" (1). */
const USAGE_CODES = new Set(['DATAGEN_UNKNOWN_SCENARIO', 'BAD_DURATION', 'KAFKA_BAD_BROKERS']);

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
export async function runSimulatorCli<E, R, P>(model: Model<E, R, P>, argv: readonly string[], deps: CliDeps = {}): Promise<CliResult> {
  const stdout = deps.stdout ?? process.stdout;
  const stderr = deps.stderr ?? process.stderr;
  const clock = deps.clock ?? new SystemClock();
  let client: KafkaClient | undefined;
  try {
    const opts = parseSimulatorArgs(model.name, argv, deps.env ?? process.env);
    const logger = deps.logger ?? pino({ level: opts.logLevel }, pino.destination(2));
    if (opts.startNow) opts.simulation.startMs = clock.now();
    const sim = new Simulation(model, opts.simulation);
    let output: SimOutput<R>;
    if (opts.kafka) {
      const kafka = (deps.kafkaClient ?? ((brokers, log) => createKafkaClient({ brokers, logger: log })))(opts.brokers!, logger);
      client = kafka;
      output = kafkaOutput<R>({ client: kafka, topic: opts.topic, labelsTopic: opts.labelsTopic, partitions: opts.partitions, clock });
    } else {
      output = ndjsonOutput<R>({ path: opts.out, labelsPath: opts.labels });
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
    const usage = err instanceof StreamlabError && (err.code.startsWith('DATAGEN_BAD') || USAGE_CODES.has(err.code));
    const message = err instanceof Error ? err.message : String(err);
    stderr.write(`simulate ${model.name}: ${message}\n`);
    return { exitCode: usage ? 2 : 1 };
  } finally {
    await client?.close();
  }
}
