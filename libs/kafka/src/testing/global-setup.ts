/**
 * Vitest global setup of the `integration` project: one real Kafka broker per test run, handed to
 * tests as `KAFKA_BROKERS` (env and `inject('kafkaBrokers')`). An existing `KAFKA_BROKERS` is used
 * as is. Without Java or Maven the integration tests are skipped with one line saying what to
 * install, except under `CI=true`, where that is a failure.
 */
import type { TestProject } from 'vitest/node';
import { pino } from 'pino';
import { z } from 'zod';
import { StreamlabError } from '@streamlab/core';
import { KAFKA_VERSION, kafkaCacheDir, kafkaJarsCached } from '../broker/jars.js';
import { missingBrokerTools } from '../broker/missing-tools.js';
import { startLocalBroker, type LocalBroker } from '../broker/local-broker.js';
import './provided.js';

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const existing = process.env['KAFKA_BROKERS']?.trim();
  if (existing) {
    project.provide('kafkaBrokers', existing);
    project.provide('kafkaSkipReason', '');
    return undefined;
  }
  const missing = missingBrokerTools();
  if (missing) {
    if (process.env['CI'] === 'true') {
      throw new StreamlabError(
        'KAFKA_TOOLS_MISSING',
        missing.replace('Kafka integration tests skipped: ', 'Kafka integration tests cannot run under CI=true: '),
        {
          value: 'java/mvn',
        },
      );
    }
    process.stderr.write(`${missing}\n`);
    project.provide('kafkaBrokers', '');
    project.provide('kafkaSkipReason', missing);
    return undefined;
  }
  const level = z.enum(['trace', 'debug', 'info', 'warn', 'error', 'silent']).safeParse(process.env['KAFKA_LOG_LEVEL'] ?? 'warn');
  if (!level.success) {
    throw new StreamlabError('KAFKA_BAD_LOG_LEVEL', `KAFKA_LOG_LEVEL=${process.env['KAFKA_LOG_LEVEL']} is not a log level`, {
      value: process.env['KAFKA_LOG_LEVEL'],
      hint: 'use trace, debug, info, warn, error or silent',
    });
  }
  const logger = pino({ level: level.data }, pino.destination(2));
  if (!kafkaJarsCached()) {
    process.stderr.write(
      `Kafka integration tests: downloading the Apache Kafka ${KAFKA_VERSION} jars with mvn into ${kafkaCacheDir()} (once; later runs reuse them)\n`,
    );
  }
  let broker: LocalBroker;
  try {
    broker = await startLocalBroker({ logger });
  } catch (err) {
    const logFile = err instanceof StreamlabError && typeof err.value === 'string' ? ` (broker log: ${err.value})` : '';
    process.stderr.write(`Kafka broker for integration tests failed to start${logFile}\n`);
    throw err;
  }
  process.env['KAFKA_BROKERS'] = broker.brokers;
  project.provide('kafkaBrokers', broker.brokers);
  project.provide('kafkaSkipReason', '');
  return async () => {
    await broker.stop();
    delete process.env['KAFKA_BROKERS'];
  };
}
