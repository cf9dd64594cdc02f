/**
 * `createKafkaClient`: the one way apps get a Kafka client. A real broker through kafkajs when
 * brokers are given (or `KAFKA_BROKERS` is set); otherwise the in-process embedded broker, so an
 * app runs on a fresh machine with nothing installed.
 */
import { StreamlabError, type Logger } from '@streamlab/core';
import { z } from 'zod';
import { createEmbeddedKafka } from './embedded/embedded-client.js';
import type { EmbeddedBroker } from './embedded/embedded-broker.js';
import { createKafkajsClient } from './kafkajs/kafkajs-client.js';
import { silentLogger } from './logging.js';
import type { KafkaClient } from './port.js';

export interface KafkaClientOptions {
  /** Bootstrap servers; default `KAFKA_BROKERS` from `env`. Empty means the embedded broker. */
  brokers?: string | readonly string[];
  clientId?: string;
  logger?: Logger;
  env?: NodeJS.ProcessEnv;
  /** The embedded broker to use when there are no brokers (default: the process-wide one). */
  embedded?: EmbeddedBroker;
}

const BrokerList = z.string().regex(/^\s*[^\s,:]+:\d+\s*(,\s*[^\s,:]+:\d+\s*)*$/, 'KAFKA_BROKERS must be host:port[,host:port...], e.g. 127.0.0.1:9092');

/**
 * A Kafka client: kafkajs on `brokers`/`KAFKA_BROKERS`, else the embedded broker.
 *
 * @example
 * const kafka = createKafkaClient(); // embedded unless KAFKA_BROKERS is set
 * await kafka.producer().send([{ topic: 'orders', key: 'c1', value: JSON.stringify(order) }]);
 */
export function createKafkaClient(opts: KafkaClientOptions = {}): KafkaClient {
  const logger = opts.logger ?? silentLogger;
  const raw = opts.brokers ?? (opts.env ?? process.env)['KAFKA_BROKERS'] ?? '';
  const list = typeof raw === 'string' ? raw : raw.join(',');
  if (list.trim() === '') {
    logger.info('no KAFKA_BROKERS set: using the embedded in-process broker');
    return createEmbeddedKafka(opts.embedded ? { broker: opts.embedded } : {});
  }
  const parsed = BrokerList.safeParse(list);
  if (!parsed.success) {
    throw new StreamlabError('KAFKA_BAD_BROKERS', `bad Kafka bootstrap servers ${JSON.stringify(list)}`, {
      value: list,
      hint: parsed.error.issues[0]?.message ?? 'use host:port',
    });
  }
  return createKafkajsClient({ brokers: parsed.data, logger, ...(opts.clientId ? { clientId: opts.clientId } : {}) });
}
