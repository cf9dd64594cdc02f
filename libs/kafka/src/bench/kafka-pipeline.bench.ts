/**
 * Consume -> windowed count -> produce on the real broker (KAFKA_BROKERS, else a local broker is
 * started), ~200-byte JSON records, 6 partitions, against a raw kafkajs `eachBatch` consumer loop
 * doing the same counting over the same topic in the same run. Both paths are warmed up on a
 * small topic first (JIT, connections, group coordinator); the output topic exists before timing.
 * Target: >= 100k records/s and ratio >= 0.8. BENCH_EVENTS scales the record count (default 500,000).
 */
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel } from '../kafkajs/kafkajs.js';
import { startLocalBroker, type LocalBroker } from '../broker/local-broker.js';
import { createKafkajsClient } from '../kafkajs/kafkajs-client.js';
import type { KafkaClient } from '../port.js';
import { uniqueName } from '../testing/kafka-test.js';
import { createAndFill, HandCount, PARTITIONS, printResult, runPipeline } from './pipeline-workload.js';

const N = Number(process.env['BENCH_EVENTS'] ?? 500_000);
const WARM = Math.min(N, 100_000);

/** The baseline: a raw kafkajs consumer, timed from the moment it joined its group. */
async function baseline(brokers: string, topic: string, n: number): Promise<number> {
  const kafka = new Kafka({ brokers: [brokers], logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: uniqueName('bench-baseline') }); // kafkajs defaults, as a hand-written loop would
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const hand = new HandCount();
  let first = 0;
  consumer.on(consumer.events.GROUP_JOIN, () => (first = performance.now()));
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) hand.add(m.value);
      if (hand.records >= n) done();
    },
  });
  await finished;
  const seconds = (performance.now() - first) / 1000;
  await consumer.disconnect();
  return seconds;
}

async function filledTopic(client: KafkaClient, n: number): Promise<string> {
  const topic = uniqueName('bench-in');
  await createAndFill(client, topic, n);
  return topic;
}

async function outputTopic(client: KafkaClient): Promise<string> {
  const topic = uniqueName('bench-out');
  await client.admin.createTopics([{ topic, partitions: PARTITIONS }]);
  return topic;
}

let broker: LocalBroker | undefined;
const brokers = process.env['KAFKA_BROKERS'] || (broker = await startLocalBroker()).brokers;
try {
  const client = createKafkajsClient({ brokers });
  const warm = await filledTopic(client, WARM);
  await baseline(brokers, warm, WARM);
  await runPipeline(client, warm, await outputTopic(client), WARM);

  const topic = await filledTopic(client, N);
  const baselineSeconds = await baseline(brokers, topic, N);
  const pipeline = await runPipeline(client, topic, await outputTopic(client), N);
  await client.close();
  printResult('kafka.consume-window-count-produce.real-broker', N, pipeline, baselineSeconds, '>= 100000 records/s, ratio >= 0.8');
} finally {
  await broker?.stop();
}
