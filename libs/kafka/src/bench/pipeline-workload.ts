/**
 * The Kafka bench workload: ~200-byte JSON records over 6 partitions, consumed by a windowed count
 * (1-minute windows by key, update mode) whose results are produced to another topic; and the
 * hand-written baseline doing the same counting over the same records.
 */
import { performance } from 'node:perf_hooks';
import { count, Stream, StreamingSession, window, type Logger } from '@streamlab/core';
import { z } from 'zod';
import type { KafkaClient, OutgoingRecord } from '../port.js';
import { kafkaSink } from '../sink/kafka-sink.js';
import { decodeJson } from '../source/decode.js';
import { kafkaSource } from '../source/kafka-source.js';

export const PARTITIONS = 6;
const KEYS = 100;
const BASE = Date.UTC(2026, 0, 1);
const SPAN_MS = 10 * 60_000;

export const Event = z.object({
  id: z.number(),
  key: z.string(),
  ts: z.number(),
  amount: z.number(),
  merchant: z.string(),
  city: z.string(),
  note: z.string(),
});
type Event = z.infer<typeof Event>;

const silent: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

/** Record `i` of `n`: about 200 bytes of JSON, keyed by one of 100 keys. */
export function record(topic: string, i: number, n: number): OutgoingRecord {
  const key = `key-${i % KEYS}`;
  const e: Event = {
    id: i,
    key,
    ts: BASE + Math.floor((i * SPAN_MS) / n),
    amount: Math.round((i % 9973) * 1.37) / 100,
    merchant: `merchant-${(i * 7) % 5000}`,
    city: `city-${i % 250}`,
    note: 'x'.repeat(60),
  };
  return { topic, key, value: JSON.stringify(e) };
}

/** Creates `topic` with `PARTITIONS` partitions and writes `n` records to it. */
export async function createAndFill(client: KafkaClient, topic: string, n: number): Promise<void> {
  await client.admin.createTopics([{ topic, partitions: PARTITIONS }]);
  await fill(client, topic, n);
}

/** Writes `n` records to `topic` in chunks. */
export async function fill(client: KafkaClient, topic: string, n: number): Promise<void> {
  const producer = client.producer();
  const chunk = 20_000;
  const sends: Promise<unknown>[] = [];
  for (let from = 0; from < n; from += chunk) {
    const batch: OutgoingRecord[] = [];
    for (let i = from; i < Math.min(n, from + chunk); i++) batch.push(record(topic, i, n));
    sends.push(producer.send(batch));
    if (sends.length >= 4) await sends.shift();
  }
  await Promise.all(sends);
  await producer.close();
}

/** Runs the engine pipeline over `topic` to `output`; returns seconds and output rows. */
export async function runPipeline(
  client: KafkaClient,
  topic: string,
  output: string,
  n: number,
): Promise<{ seconds: number; outputRows: number; inputRows: number }> {
  const session = new StreamingSession({ logger: silent });
  let outputRows = 0;
  const sink = kafkaSink<{ key: string; window: { start: number }; n: number }>({
    client,
    topic: output,
    newTopicPartitions: PARTITIONS,
    toRecord: (r) => {
      outputRows++;
      return { key: `${r.key}|${r.window.start}`, value: r };
    },
  });
  const t0 = performance.now();
  const query = Stream.fromSource(
    kafkaSource({ client, subscribe: topic, startingOffsets: 'earliest', maxOffsetsPerTrigger: 100_000, decode: decodeJson(Event) }),
  )
    .withWatermark('ts', '10 minutes')
    .groupBy(window('ts', '1 minute'), 'key')
    .agg({ n: count() })
    .writeStream.outputMode('update')
    .sink(sink)
    .session(session)
    .start();
  await query.processAllAvailable();
  const seconds = (performance.now() - t0) / 1000;
  await query.stop();
  if (query.exception) throw query.exception;
  const inputRows = query.recentProgress.reduce((s, p) => s + p.numInputRows, 0);
  if (inputRows !== n) throw new Error(`pipeline read ${inputRows} rows, expected ${n}`);
  return { seconds, outputRows, inputRows };
}

/** The baseline's counting: parse JSON, add one to a Map per (key, 1-minute window). */
export class HandCount {
  readonly counts = new Map<string, number>();
  records = 0;

  add(value: Buffer | null): void {
    const e = JSON.parse(value!.toString()) as Event;
    const k = `${e.key}|${e.ts - (e.ts % 60_000)}`;
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
    this.records++;
  }
}

export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/**
 * Prints the bench's JSON line: engine and baseline throughput over `records`, their ratio, the
 * pipeline's output rows, peak RSS and the target.
 *
 * @example
 * printResult('kafka.consume-window-count-produce.embedded', N, pipeline, baselineSeconds, '>= 1000000 records/s');
 */
export function printResult(
  workload: string,
  records: number,
  pipeline: { seconds: number; outputRows: number },
  baselineSeconds: number,
  target: string,
): void {
  const recordsPerSec = Math.round(records / pipeline.seconds);
  const baselineRecordsPerSec = Math.round(records / baselineSeconds);
  const fields = {
    workload,
    records,
    recordsPerSec,
    baselineRecordsPerSec,
    ratio: Math.round((recordsPerSec / baselineRecordsPerSec) * 100) / 100,
    outputRows: pipeline.outputRows,
    peakRssMb: peakRssMb(),
    target,
  };
  process.stdout.write(`${JSON.stringify(fields)}\n`);
}
