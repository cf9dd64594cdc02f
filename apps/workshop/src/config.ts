/**
 * The runner's settings from the environment, validated once at start; a bad value ends the
 * command with one line saying what to set instead.
 */
import { z } from 'zod';
import { LOG_LEVELS, type LogLevel } from '@streamlab/core';
import { WorkshopError } from './errors.js';

export interface WorkshopConfig {
  /** `WORKSHOP_PREFIX`: put before every topic name of this attendee's runs (e.g. `alice.`). Default empty. */
  prefix: string;
  /** `KAFKA_BROKERS`: a shared broker (`host:port[,host:port]`); unset means the embedded in-process broker. */
  kafkaBrokers: string | undefined;
  /** `LOG_LEVEL`: the runner's and the queries' logs on stderr. Default `warn`. */
  logLevel: LogLevel;
  /** `PORT`: the `--ui` page's port. Default 3000 (0 picks a free one). */
  port: number;
}

const Env = z.object({
  WORKSHOP_PREFIX: z
    .string()
    .max(100, 'must be at most 100 characters')
    .regex(/^[A-Za-z0-9._-]*$/, 'may hold only letters, digits, ".", "_" and "-" (it becomes part of Kafka topic names), e.g. alice.')
    .default(''),
  KAFKA_BROKERS: z
    .string()
    .trim()
    .regex(/^[^\s,:]+:\d+(\s*,\s*[^\s,:]+:\d+)*$/, 'must be host:port[,host:port...], e.g. 10.0.0.5:9092 (unset it to use the embedded broker)')
    .optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('warn'),
  PORT: z.coerce
    .number({ error: 'must be a port number' })
    .int('must be a whole number')
    .min(0, 'must be 0 to 65535')
    .max(65535, 'must be 0 to 65535')
    .default(3000),
});

/**
 * @example
 * loadConfig({ WORKSHOP_PREFIX: 'alice.' }).prefix; // 'alice.'
 * loadConfig({ LOG_LEVEL: 'loud' }); // throws: LOG_LEVEL must be one of fatal, error, ...
 */
export function loadConfig(env: Record<string, string | undefined>): WorkshopConfig {
  const blankless = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = Env.safeParse(blankless);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    throw new WorkshopError('WORKSHOP_BAD_CONFIG', `${name} ${issue.message}`, {
      value: env[name],
      hint: `fix or unset ${name} (the workshop README lists the settings)`,
    });
  }
  const e = parsed.data;
  return { prefix: e.WORKSHOP_PREFIX, kafkaBrokers: e.KAFKA_BROKERS, logLevel: e.LOG_LEVEL, port: e.PORT };
}

/** A `--port` flag's value, checked like `PORT`. */
export function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) {
    throw new WorkshopError('WORKSHOP_BAD_CONFIG', `--port ${JSON.stringify(value)} is not a port number`, {
      value,
      hint: 'give a port from 0 to 65535 (0 picks a free one), e.g. --port 3001',
    });
  }
  return n;
}
