/**
 * Chooses the hub's broker: the cluster in `KAFKA_BROKERS` (external), a real Apache Kafka
 * started now (`--kafka`, local), or the in-process embedded broker (the default). Use cases
 * get the Kafka client port in `ctx.broker.kafka`.
 */
import { createEmbeddedKafka, createKafkaClient, startLocalBroker } from '@streamlab/kafka';
import type { Logger } from '@streamlab/core';
import type { UseCaseBroker } from '@streamlab/live';
import { assertBrokersReachable } from './probe.js';

export interface HubBroker {
  info: UseCaseBroker;
  /** Closes the client, then stops the local broker if the hub started one (call it after the queries and servers are closed). */
  stop(): Promise<void>;
}

/**
 * @example
 * const broker = await chooseBroker({ kafkaBrokers: process.env.KAFKA_BROKERS, startLocal: false, logger });
 * broker.info.mode; // 'embedded'
 */
export async function chooseBroker(opts: { kafkaBrokers: string | undefined; startLocal: boolean; logger: Logger; signal?: AbortSignal }): Promise<HubBroker> {
  if (opts.kafkaBrokers) {
    if (opts.startLocal) opts.logger.warn({ KAFKA_BROKERS: opts.kafkaBrokers }, '--kafka ignored: KAFKA_BROKERS is set');
    const kafka = createKafkaClient({ brokers: opts.kafkaBrokers, logger: opts.logger, clientId: 'streamlab-hub' });
    try {
      await assertBrokersReachable(opts.kafkaBrokers);
    } catch (err) {
      await kafka.close();
      throw err;
    }
    return { info: { mode: 'external', brokers: opts.kafkaBrokers, kafka }, stop: () => kafka.close() };
  }
  if (opts.startLocal) {
    opts.logger.info('starting the local Kafka broker (the first run downloads Apache Kafka from Maven Central)');
    // The hub owns shutdown: the broker installs no signal handlers of its own (they would stop it
    // under the running queries); a signal during the start aborts it through `signal`, and
    // `stop()` below stops it last.
    const local = await startLocalBroker({ logger: opts.logger, handleSignals: false, ...(opts.signal ? { signal: opts.signal } : {}) });
    const kafka = createKafkaClient({ brokers: local.brokers, logger: opts.logger, clientId: 'streamlab-hub' });
    return {
      info: { mode: 'local', brokers: local.brokers, kafka },
      stop: async () => {
        await kafka.close();
        await local.stop();
      },
    };
  }
  const kafka = createEmbeddedKafka();
  return { info: { mode: 'embedded', kafka }, stop: () => kafka.close() };
}
