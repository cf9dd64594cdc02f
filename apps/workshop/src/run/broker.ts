/**
 * The broker of a live run: the embedded in-process broker (nothing to install, the default), or
 * the shared cluster in `KAFKA_BROKERS` (a room on one broker), checked to answer first: kafkajs
 * alone would retry for about 20 s and then fail with a connection error.
 */
import { connect } from 'node:net';
import type { Logger } from '@streamlab/core';
import { createEmbeddedKafka, createKafkaClient, type KafkaClient } from '@streamlab/kafka';
import { EXIT, WorkshopError } from '../errors.js';

export interface RunBroker {
  kafka: KafkaClient;
  mode: 'embedded' | 'external';
  /** For the first line: `the embedded broker` or `Kafka at host:port`. */
  description: string;
  close(): Promise<void>;
}

/** Resolves with null once a TCP connection to `host:port` opens, or with why it did not. */
function tryConnect(hostPort: string, timeoutMs: number): Promise<string | null> {
  const i = hostPort.lastIndexOf(':');
  const host = hostPort.slice(0, i);
  const port = Number(hostPort.slice(i + 1));
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (result: string | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done(`no answer within ${timeoutMs} ms`), timeoutMs);
    socket.once('connect', () => done(null));
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code ?? err.message));
  });
}

/**
 * @example
 * const broker = await openBroker({ kafkaBrokers: undefined, logger }); // the embedded broker
 * const shared = await openBroker({ kafkaBrokers: '10.0.0.5:9092', logger }); // throws if nothing answers there
 */
export async function openBroker(opts: { kafkaBrokers: string | undefined; logger: Logger; probeTimeoutMs?: number }): Promise<RunBroker> {
  if (!opts.kafkaBrokers) {
    const kafka = createEmbeddedKafka();
    return { kafka, mode: 'embedded', description: 'the embedded broker', close: () => kafka.close() };
  }
  const list = opts.kafkaBrokers
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  const results = await Promise.all(list.map((b) => tryConnect(b, opts.probeTimeoutMs ?? 3000)));
  if (!results.includes(null)) {
    throw new WorkshopError(
      'WORKSHOP_BAD_CONFIG',
      `cannot reach Kafka at KAFKA_BROKERS=${opts.kafkaBrokers} (${list.map((b, i) => `${b}: ${results[i]}`).join(', ')})`,
      {
        value: opts.kafkaBrokers,
        hint: 'check the address your facilitator gave you, or unset KAFKA_BROKERS to run on the embedded broker (nothing to install)',
        exitCode: EXIT.failed,
      },
    );
  }
  const kafka = createKafkaClient({ brokers: list, logger: opts.logger, clientId: 'streamlab-workshop' });
  return { kafka, mode: 'external', description: `Kafka at ${opts.kafkaBrokers}`, close: () => kafka.close() };
}
