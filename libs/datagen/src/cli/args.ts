/**
 * The simulator's command line: commander parses, zod validates (every bad flag is named with
 * what to write instead), defaults live here. Flag names are a contract shared by every app:
 * `--rate 2000 --duration 10m --seed 42 --late 0.02 --speed 60 [--kafka]`.
 */
import { Command, CommanderError, Option } from 'commander';
import { z } from 'zod';
import { LOG_LEVELS, parseDuration, StreamlabError } from '@streamlab/core';
import { DEFAULT_BURSTY, DEFAULT_RAMPING, type RateProfile } from '../rate.js';
import { DEFAULT_START_MS, type SimulationInput } from '../options.js';

/** What the command line asks for. */
export interface CliOptions {
  simulation: SimulationInput & { ratePerSec: number; durationMs: number; speed: number };
  asap: boolean;
  kafka: boolean;
  brokers: string | undefined;
  topic: string;
  labelsTopic: string | null;
  partitions: number;
  /**
   * NDJSON output path (`-` = stdout) when not writing to Kafka; `undefined` when `--out` was not
   * given: stdout when it is piped, a file named after the topic when it is a terminal.
   */
  out: string | undefined;
  labels: string | null | undefined;
  progress: boolean;
  logLevel: string;
  /** `--start now`, or `--kafka` without `--start`: take the simulated start from the clock. */
  startNow: boolean;
}

function program(modelName: string): Command {
  return new Command(`simulate ${modelName}`)
    .description(`Simulates the "${modelName}" model: seeded records with ground-truth labels, to Kafka or NDJSON.`)
    .option('--rate <records/s>', 'target records per second of run time', '1000')
    .option('--duration <duration>', 'run length, e.g. 30s, 10m, "1 hour"', '1m')
    .option('--seed <int>', 'random seed: the same seed and options give the same records', '1')
    .option('--speed <factor>', 'simulated time per run time (60 = one simulated hour per minute)', '1')
    .option('--asap', 'emit as fast as possible (same records as with pacing)', false)
    .option('--start <iso|now>', 'simulated start time (default: now with --kafka, so a running hub reads it live; else 2026-01-05T00:00:00Z, reproducible)')
    .option('--entities <n>', "population size (default: the model's)")
    .addOption(new Option('--profile <kind>', 'rate profile').choices(['steady', 'bursty', 'ramping']).default('steady'))
    .option('--late <fraction>', 'fraction of records delivered later than --late-delay', '0')
    .option('--late-delay <duration>', 'the delay late records exceed (your watermark delay)', '1 minute')
    .option('--out-of-order <fraction>', 'fraction of records delivered out of order, within --max-delay', '0')
    .option('--max-delay <duration>', 'bound of the out-of-order delay (event time)', '5 seconds')
    .option('--duplicates <fraction>', 'fraction of records sent twice', '0')
    .option('--malformed <fraction>', 'fraction of records with broken text', '0')
    .option('--scenarios <names>', 'scenarios to inject: comma-separated names, "all" or "none"', 'all')
    .option('--kafka', 'write to Kafka (KAFKA_BROKERS or --brokers) instead of NDJSON', false)
    .option('--brokers <host:port,...>', 'Kafka bootstrap servers (default: KAFKA_BROKERS)')
    .option('--topic <name>', `Kafka topic (default: ${modelName})`)
    .option('--labels-topic <name>', 'Kafka topic for labels (default: <topic>.labels; "none" for no labels)')
    .option('--partitions <n>', 'partitions of topics the simulator creates', '3')
    .option('--out <path>', 'NDJSON output file, "-" for stdout (default: stdout when piped, <topic>.ndjson on a terminal)')
    .option('--labels <path>', 'NDJSON labels file (default: beside --out; "none" for no labels)')
    .option('--no-progress', 'no progress bar')
    .option('--log-level <level>', 'pino log level for stderr', 'warn')
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
}

const number = (flag: string, check: (n: number) => boolean, want: string) =>
  z.string().transform((s, ctx) => {
    const n = Number(s);
    if (s.trim() === '' || !Number.isFinite(n) || !check(n)) {
      ctx.addIssue({ code: 'custom', message: `${flag} must be ${want}, got "${s}"` });
      return z.NEVER;
    }
    return n;
  });
const fraction = (flag: string) => number(flag, (n) => n >= 0 && n <= 1, 'a fraction between 0 and 1 (e.g. 0.02)');
const duration = (flag: string, positive: boolean) =>
  z.string().transform((s, ctx) => {
    try {
      const ms = parseDuration(s, flag);
      if (positive && ms <= 0) throw new Error('zero');
      return ms;
    } catch {
      ctx.addIssue({ code: 'custom', message: `${flag} must be a ${positive ? 'positive ' : ''}duration like 30s, 10m, "1 hour", got "${s}"` });
      return z.NEVER;
    }
  });

const schema = z.object({
  rate: number('--rate', (n) => n > 0, 'a positive number of records per second'),
  duration: duration('--duration', true),
  seed: number('--seed', (n) => Number.isSafeInteger(n), 'an integer'),
  speed: number('--speed', (n) => n > 0, 'a positive factor (1 = real time, 60 = one hour per minute)'),
  asap: z.boolean(),
  start: z.string().optional(),
  entities: number('--entities', (n) => Number.isInteger(n) && n > 0, 'a positive integer').optional(),
  profile: z.enum(['steady', 'bursty', 'ramping']),
  late: fraction('--late'),
  lateDelay: duration('--late-delay', false),
  outOfOrder: fraction('--out-of-order'),
  maxDelay: duration('--max-delay', false),
  duplicates: fraction('--duplicates'),
  malformed: fraction('--malformed'),
  scenarios: z.string(),
  kafka: z.boolean(),
  brokers: z.string().optional(),
  topic: z
    .string()
    .regex(/^[a-zA-Z0-9._-]+$/, { message: '--topic may hold only letters, digits, ".", "_" and "-"' })
    .optional(),
  labelsTopic: z
    .string()
    .regex(/^[a-zA-Z0-9._-]+$/, { message: '--labels-topic may hold only letters, digits, ".", "_" and "-"' })
    .optional(),
  partitions: number('--partitions', (n) => Number.isInteger(n) && n > 0, 'a positive integer'),
  out: z.string().min(1, { message: '--out needs a path or "-"' }).optional(),
  labels: z.string().optional(),
  progress: z.boolean(),
  logLevel: z.enum(LOG_LEVELS, { message: `--log-level must be one of ${LOG_LEVELS.join(', ')}` }),
});

function badOption(message: string, value: unknown): StreamlabError {
  return new StreamlabError('DATAGEN_BAD_OPTION', message, { value, hint: 'run with --help to see every option' });
}

/**
 * Parses the simulator's arguments (those after the script name); throws `StreamlabError`
 * `DATAGEN_BAD_OPTION` naming every bad flag, or `DATAGEN_HELP` carrying the help text.
 *
 * @example
 * parseSimulatorArgs('payments', ['--rate', '2000', '--duration', '10m', '--late', '0.02']);
 */
export function parseSimulatorArgs(modelName: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  const cmd = program(modelName);
  try {
    cmd.parse(args[0] === '--' ? args.slice(1) : [...args], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.help') {
        throw new StreamlabError('DATAGEN_HELP', cmd.helpInformation(), { value: args });
      }
      throw badOption(err.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' '), args);
    }
    throw err;
  }
  const parsed = schema.safeParse(cmd.opts());
  if (!parsed.success) {
    throw badOption(parsed.error.issues.map((i) => i.message).join('; '), args);
  }
  const o = parsed.data;
  if (o.late + o.outOfOrder + o.duplicates + o.malformed > 1) {
    throw badOption('--late + --out-of-order + --duplicates + --malformed must not exceed 1', [o.late, o.outOfOrder, o.duplicates, o.malformed]);
  }
  let startMs = DEFAULT_START_MS;
  // fed to Kafka, a simulator is usually feeding a running hub: records from 2026 would all be late there
  const startNow = o.start === 'now' || (o.start === undefined && o.kafka);
  if (o.start !== undefined && !startNow) {
    startMs = Date.parse(o.start);
    if (!Number.isFinite(startMs)) throw badOption(`--start must be an ISO-8601 time (e.g. 2026-01-05T00:00:00Z) or "now", got "${o.start}"`, o.start);
  }
  const brokers = o.brokers ?? env['KAFKA_BROKERS'];
  if (o.kafka && !brokers?.trim()) {
    throw badOption('--kafka needs a broker: set KAFKA_BROKERS or pass --brokers host:port', o.brokers);
  }
  const profile: RateProfile = o.profile === 'bursty' ? DEFAULT_BURSTY : o.profile === 'ramping' ? DEFAULT_RAMPING : { kind: 'steady' };
  const scenarios =
    o.scenarios === 'all'
      ? undefined
      : o.scenarios === 'none'
        ? []
        : o.scenarios
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
  const topic = o.topic ?? modelName;
  return {
    simulation: {
      seed: o.seed,
      ratePerSec: o.rate,
      durationMs: o.duration,
      speed: o.speed,
      startMs,
      entities: o.entities,
      profile,
      scenarios,
      disorder: {
        late: o.late,
        lateDelayMs: o.lateDelay,
        lateSpreadMs: o.lateDelay,
        outOfOrder: o.outOfOrder,
        maxDelayMs: o.maxDelay,
        duplicates: o.duplicates,
        malformed: o.malformed,
      },
    },
    asap: o.asap,
    kafka: o.kafka,
    brokers,
    topic,
    labelsTopic: o.labelsTopic === 'none' ? null : (o.labelsTopic ?? `${topic}.labels`),
    partitions: o.partitions,
    out: o.out,
    labels: o.labels === 'none' ? null : o.labels,
    progress: o.progress,
    logLevel: o.logLevel,
    startNow,
  };
}
