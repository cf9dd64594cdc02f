/**
 * Follows a system's output topic from the beginning and keeps the last value per result key. It
 * resolves `complete` at the first moment the results equal the expected ones.
 *
 * The throughput watcher (`watchOutput`) reads the topic with StreamLab's scanning reader: every
 * 50 ms it asks the partitions' end offsets and reads what is new, each value straight from the
 * fetched bytes. It shares the two cores with the system it measures, so it must cost little: the
 * kafkajs consumer it replaced took 3.8 µs of CPU per output record (0.5 of a core while the
 * StreamLab join wrote 140k results/s), which slowed the fastest system most. The latency bench
 * keeps the consumer (`followTopic`): it reads each record's broker timestamp.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import type { KafkaMessage } from 'kafkajs';
import { createKafkajsClient } from '../../kafkajs/kafkajs-client.js';
import { Kafka, logLevel } from '../../kafkajs/kafkajs.js';
import type { PartitionRange, ScanningReader } from '../../port.js';
import type { Workload } from './workload.js';

/** How often the watcher asks for new output when it found none. */
const POLL_MS = 50;
/** Records read per partition per scan (a scan's results are handed out as they arrive). */
const SCAN_RECORDS = 200_000;

export interface OutputWatch {
  /** Last value per result key so far. */
  results(): Map<string, string>;
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

/**
 * Starts following `topic` (every partition its end offsets list, from offset 0); resolves once its
 * first read is done, before the system starts.
 */
export async function watchOutput(brokers: string, topic: string, workload: Workload, expected: ReadonlyMap<string, string>): Promise<OutputWatch> {
  const client = createKafkajsClient({ brokers });
  const reader = client.reader() as ScanningReader;
  /** The next offset to read, by partition (0 for a partition not read yet). */
  const next = new Map<number, number>();
  // One Map lookup per output record: each expected key's wanted and last seen value in one entry
  // (three lookups, in a Map of ~750k keys, were most of the watcher's CPU).
  const table = new Map<string, { want: string; have: string | undefined }>();
  for (const [key, want] of expected) table.set(key, { want, have: undefined });
  /** Results under keys not expected. */
  const extra = new Map<string, string>();
  let matched = 0;
  let last = 0;
  let resolve!: (t: number) => void;
  let done = false;
  const complete = new Promise<number>((r) => (resolve = r));
  const take = (value: Buffer | null) => {
    const [key, v] = workload.result(value);
    const e = table.get(key);
    if (e === undefined) {
      extra.set(key, v);
      return;
    }
    if (e.have === e.want) matched--;
    if (v === e.want) matched++;
    e.have = v;
  };
  const results = (): Map<string, string> => {
    const out = new Map<string, string>();
    for (const [key, e] of table) if (e.have !== undefined) out.set(key, e.have);
    for (const [key, v] of extra) out.set(key, v);
    return out;
  };
  const visitor = {
    begin() {},
    value(bytes: Buffer, start: number, end: number) {
      take(bytes.subarray(start, end));
      return true;
    },
    record(r: { value: Buffer | null }) {
      take(r.value);
    },
  };
  /** Reads what is new; whether there was any. */
  const poll = async (): Promise<boolean> => {
    const ends = await client.admin.topicOffsets(topic);
    const ranges: PartitionRange[] = [];
    for (const { partition, high } of ends) {
      const from = next.get(partition) ?? 0;
      const until = Math.min(Number(high), from + SCAN_RECORDS);
      if (until > from) ranges.push({ topic, partition, from, until });
    }
    if (ranges.length === 0) return false;
    await reader.scan(ranges, visitor);
    for (const r of ranges) next.set(r.partition, r.until);
    last = performance.now();
    if (!done && matched === expected.size && extra.size === 0) {
      done = true;
      resolve(last);
    }
    return true;
  };
  let stopped = false;
  let failure: unknown;
  await poll();
  const loop = (async () => {
    while (!stopped) {
      // a failed read is tried again (the run times out if it keeps failing); `stop` rethrows the first
      const found = await poll().catch((err: unknown) => {
        failure ??= err;
        return false;
      });
      if (!found) await sleep(POLL_MS);
    }
  })();
  return {
    results,
    complete,
    lastRecordAt: () => last,
    stop: async () => {
      stopped = true;
      await loop;
      await client.close();
      if (failure !== undefined && !done) throw failure;
    },
  };
}
