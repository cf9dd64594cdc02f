/**
 * The sliding (hopping) window: the tumbling workload's records and keys, with integer amounts (cents,
 * so every system's sum is exact and its average the same IEEE division); per key, 10-minute windows
 * starting every minute (Spark's `window(ts, '10 minutes', '1 minute')`, Kafka Streams'
 * `TimeWindows.ofSizeAndGrace(10 min, 10 min).advanceBy(1 min)`, StreamLab's
 * `window('ts', '10 minutes', '1 minute')`: the same epoch-aligned `[start, start + 10 min)` windows,
 * 10 per record), the sum and the average of the amount, a 10-minute watermark (grace), every
 * update to a Kafka topic. Kafka Streams' own `SlidingWindows` are a different thing (a window per
 * record, not epoch-aligned) and are not used.
 */
import { avg, Stream, sum, window } from '@streamlab/core';
import { z } from 'zod';
import { kafkaSink } from '../../sink/kafka-sink.js';
import { decodeJson } from '../../source/decode.js';
import { kafkaSource } from '../../source/kafka-source.js';
import { eventTime, PeerEvent } from './tumbling.js';
import { batchShare, type Workload } from './workload.js';

const KEYS = 100;
const STEP_MS = 10;
const JITTER_MS = 20_000;
const MINUTE = 60_000;
/** Windows per record: size / slide. */
const HOPS = 10;
const NOTE = 'x'.repeat(96);

const Result = z.object({ key: z.string(), start: z.number(), sum: z.number(), avg: z.number() });

/** Amount of record `i` in cents: an integer, so sums are exact in doubles and longs alike. */
export function amountOf(i: number): number {
  return ((i % 9973) * 137) % 100_000;
}

/** The result value text: sum and average as JavaScript prints the numbers (each system's JSON is parsed first). */
export function slidingValue(sum: number, avg: number): string {
  return `${sum} ${avg}`;
}

export const sliding: Workload = {
  name: 'sliding',
  partitions: 6,
  parallel: true,
  record(i, _n, base) {
    const ts = eventTime(i, base);
    const key = `key-${i % KEYS}`;
    const e = { id: i, key, ts, amount: amountOf(i), merchant: `merchant-${(i * 7) % 5000}`, city: `city-${i % 250}`, note: NOTE };
    return { key, value: JSON.stringify(e), timestamp: ts };
  },
  spanMs(n) {
    return n * STEP_MS + JITTER_MS;
  },
  expected(n, base) {
    // Per key and minute the count and sum, then each 10-minute window as the sum of its 10 minutes.
    const minutes = new Map<string, [count: number, sum: number]>();
    for (let i = 0; i < n; i++) {
      const ts = eventTime(i, base);
      const k = `key-${i % KEYS}|${ts - (((ts % MINUTE) + MINUTE) % MINUTE)}`;
      const b = minutes.get(k);
      if (b) {
        b[0]++;
        b[1] += amountOf(i);
      } else minutes.set(k, [1, amountOf(i)]);
    }
    const windows = new Map<string, [count: number, sum: number]>();
    for (const [k, [c, s]] of minutes) {
      const [key, minute] = k.split('|') as [string, string];
      for (let h = 0; h < HOPS; h++) {
        const w = `${key}|${Number(minute) - h * MINUTE}`;
        const b = windows.get(w);
        if (b) {
          b[0] += c;
          b[1] += s;
        } else windows.set(w, [c, s]);
      }
    }
    return new Map([...windows].map(([k, [c, s]]) => [k, slidingValue(s, s / c)]));
  },
  result(value) {
    const r = Result.parse(JSON.parse(value?.toString() ?? 'null'));
    return [`${r.key}|${r.start}`, slidingValue(r.sum, r.avg)];
  },
  streamlab({ client, session, input, output, checkpoint, partitions, shard }) {
    return Stream.fromSource(
      kafkaSource({ client, subscribe: input, startingOffsets: 'earliest', ...batchShare(shard), decode: decodeJson(PeerEvent), partitionedBy: 'key' }),
    )
      .withWatermark('ts', '10 minutes')
      .groupBy(window('ts', '10 minutes', '1 minute'), 'key')
      .agg({ sum: sum('amount'), avg: avg('amount') })
      .writeStream.outputMode('update')
      .option('checkpointLocation', checkpoint)
      .queryName('peers-sliding')
      .sink(
        kafkaSink({
          client,
          topic: output,
          newTopicPartitions: partitions,
          toRecord: (r) => ({ key: `${r.key}|${r.window.start}`, value: { key: r.key, start: r.window.start, sum: r.sum, avg: r.avg } }),
        }),
      )
      .session(session)
      .start();
  },
};
