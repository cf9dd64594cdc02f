/**
 * Follows a system's output topic from the beginning and keeps the last value per result key. It
 * resolves `complete` at the first moment the results equal the expected ones, so the moment a
 * system's final results are all on the topic is seen within one fetch.
 */
import { performance } from 'node:perf_hooks';
import type { KafkaMessage } from 'kafkajs';
import { Kafka, logLevel } from '../../kafkajs/kafkajs.js';
import type { Workload } from './workload.js';

export interface OutputWatch {
  /** Last value per result key so far. */
  readonly results: Map<string, string>;
  /** Resolves with `performance.now()` when `results` first equals the expected results. */
  readonly complete: Promise<number>;
  /** `performance.now()` of the last output record seen (0 before any). */
  lastRecordAt(): number;
  stop(): Promise<void>;
}

/**
 * Follows `topic` from the beginning with a consumer of its own group (`<topic>-watch`), calling
 * `onBatch` with each fetched batch's messages; resolves with its stop once the consumer has joined
 * (before the system starts, so nothing it writes is missed).
 */
export async function followTopic(
  brokers: string,
  topic: string,
  maxWaitTimeInMs: number,
  onBatch: (messages: readonly KafkaMessage[]) => void,
): Promise<() => Promise<void>> {
  const kafka = new Kafka({ brokers: [brokers], logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `${topic}-watch`, maxWaitTimeInMs });
  const joined = new Promise<void>((r) => consumer.on(consumer.events.GROUP_JOIN, () => r()));
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachBatch: async ({ batch }) => onBatch(batch.messages) });
  await joined;
  return () => consumer.disconnect();
}

/** Starts following `topic`; resolves once the consumer has joined its group (before the system starts). */
export async function watchOutput(brokers: string, topic: string, workload: Workload, expected: ReadonlyMap<string, string>): Promise<OutputWatch> {
  const results = new Map<string, string>();
  let matched = 0;
  let last = 0;
  let resolve!: (t: number) => void;
  const complete = new Promise<number>((r) => (resolve = r));
  const stop = await followTopic(brokers, topic, 200, (messages) => {
    for (const m of messages) {
      const [key, value] = workload.result(m.key, m.value);
      const want = expected.get(key);
      const before = results.get(key);
      if (want !== undefined && before === want) matched--;
      if (want !== undefined && value === want) matched++;
      results.set(key, value);
    }
    last = performance.now();
    if (matched === expected.size && results.size === expected.size) resolve(last);
  });
  return { results, complete, lastRecordAt: () => last, stop };
}
