/**
 * The tumbling count: ~200-byte JSON records, 100 keys, 6 partitions; a 1-minute tumbling count per
 * key with a 10-minute watermark (Kafka Streams: grace), every update to a Kafka topic. Event time
 * advances 10 ms per record with up to ±20 s of disorder, so no record is ever later than the
 * watermark and the final counts are exact in every system.
 */
import { count, Stream, window } from '@streamlab/core';
import { z } from 'zod';
import { kafkaSink } from '../../sink/kafka-sink.js';
import { decodeJson } from '../../source/decode.js';
import { kafkaSource } from '../../source/kafka-source.js';
import { batchShare, type Workload } from './workload.js';

const KEYS = 100;
const STEP_MS = 10;
const JITTER_MS = 20_000;
const MINUTE = 60_000;

export const PeerEvent = z.object({
  id: z.number(),
  key: z.string(),
  ts: z.number(),
  amount: z.number(),
  merchant: z.string(),
  city: z.string(),
  note: z.string(),
});
type PeerEvent = z.infer<typeof PeerEvent>;

const Result = z.object({ key: z.string(), start: z.number(), count: z.number() });
const NOTE = 'x'.repeat(96);

/** Event time of record `i`: `base` + 10 ms per record, ± up to 20 s from a multiplicative hash of `i`. */
export function eventTime(i: number, base: number): number {
  const h = Math.imul(i + 1, 0x9e3779b1) >>> 0;
  return base + i * STEP_MS + (h % (2 * JITTER_MS)) - JITTER_MS;
}

function event(i: number, base: number): PeerEvent {
  return {
    id: i,
    key: `key-${i % KEYS}`,
    ts: eventTime(i, base),
    amount: Math.round((i % 9973) * 1.37) / 100,
    merchant: `merchant-${(i * 7) % 5000}`,
    city: `city-${i % 250}`,
    note: NOTE,
  };
}

export const tumbling: Workload = {
  name: 'tumbling',
  partitions: 6,
  parallel: true,
  record(i, _n, base) {
    const e = event(i, base);
    return { key: e.key, value: JSON.stringify(e), timestamp: e.ts };
  },
  spanMs(n) {
    return n * STEP_MS + JITTER_MS;
  },
  expected(n, base) {
    const counts = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const ts = eventTime(i, base);
      const k = `key-${i % KEYS}|${ts - (((ts % MINUTE) + MINUTE) % MINUTE)}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return new Map([...counts].map(([k, v]) => [k, String(v)]));
  },
  result(value) {
    const r = Result.parse(JSON.parse(value?.toString() ?? 'null'));
    return [`${r.key}|${r.start}`, String(r.count)];
  },
  streamlab({ client, session, input, output, checkpoint, partitions, shard }) {
    return Stream.fromSource(
      kafkaSource({ client, subscribe: input, startingOffsets: 'earliest', ...batchShare(shard), decode: decodeJson(PeerEvent), partitionedBy: 'key' }),
    )
      .withWatermark('ts', '10 minutes')
      .groupBy(window('ts', '1 minute'), 'key')
      .agg({ n: count() })
      .writeStream.outputMode('update')
      .option('checkpointLocation', checkpoint)
      .queryName('peers-tumbling')
      .sink(
        kafkaSink({
          client,
          topic: output,
          newTopicPartitions: partitions,
          toRecord: (r) => ({ key: `${r.key}|${r.window.start}`, value: { key: r.key, start: r.window.start, count: r.n } }),
        }),
      )
      .session(session)
      .start();
  },
};
