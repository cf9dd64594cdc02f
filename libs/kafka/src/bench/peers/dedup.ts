/**
 * Deduplication within the watermark: the tumbling workload's records, of which two in three are
 * resends (exact copies: same id, event time and payload) of an original up to 30 s of records
 * earlier, each keyed by its id. Each system keeps each id until the watermark (10 minutes behind
 * the latest event time) has passed it and emits its first copy only: Spark's and StreamLab's
 * `dropDuplicatesWithinWatermark('id')`, and in Kafka Streams (whose DSL has no deduplication) a
 * processor over a window store of ids, as in Confluent's recipe (see the Java peer). Since every
 * resend comes within 30 s of event time after its original, all three drop exactly the resends;
 * the output is one record per id, keyed by it.
 */
import { Stream } from '@streamlab/core';
import { z } from 'zod';
import { kafkaSink } from '../../sink/kafka-sink.js';
import { decodeJson } from '../../source/decode.js';
import { kafkaSource } from '../../source/kafka-source.js';
import { amountOf } from './sliding.js';
import { eventTime, PeerEvent } from './tumbling.js';
import { batchShare, type Workload } from './workload.js';

const NOTE = 'x'.repeat(96);
/** One original, then two resends, in every 3 records. */
const GROUP = 3;
/** A resend copies an original up to this many groups back (3,000 records: 30 s of event time). */
const BACK = 1_000;

const Result = z.object({ id: z.number(), ts: z.number() });

/** The index of the original that record `i` is (itself) or copies. */
export function originalOf(i: number): number {
  const r = i % GROUP;
  if (r === 0) return i;
  const j = i - r - GROUP * ((Math.imul(i + 1, 0x9e3779b1) >>> 0) % BACK);
  return j >= 0 ? j : i - r;
}

export const dedup: Workload = {
  name: 'dedup',
  partitions: 6,
  parallel: true,
  record(i, _n, base) {
    const j = originalOf(i);
    const ts = eventTime(j, base);
    const e = { id: j, key: `key-${j % 100}`, ts, amount: amountOf(j), merchant: `merchant-${(j * 7) % 5000}`, city: `city-${j % 250}`, note: NOTE };
    return { key: String(j), value: JSON.stringify(e), timestamp: ts };
  },
  spanMs(n) {
    return n * 10 + 20_000;
  },
  expected(n, base) {
    const out = new Map<string, string>();
    for (let j = 0; j < n; j += GROUP) out.set(String(j), String(eventTime(j, base)));
    return out;
  },
  result(value) {
    const r = Result.parse(JSON.parse(value?.toString() ?? 'null'));
    return [String(r.id), String(r.ts)];
  },
  streamlab({ client, session, input, output, checkpoint, partitions, shard }) {
    return Stream.fromSource(
      kafkaSource({ client, subscribe: input, startingOffsets: 'earliest', ...batchShare(shard), decode: decodeJson(PeerEvent), partitionedBy: 'id' }),
    )
      .withWatermark('ts', '10 minutes')
      .dropDuplicatesWithinWatermark('id')
      .writeStream.outputMode('append')
      .option('checkpointLocation', checkpoint)
      .queryName('peers-dedup')
      .sink(kafkaSink({ client, topic: output, newTopicPartitions: partitions, toRecord: (e) => ({ key: String(e.id), value: { id: e.id, ts: e.ts } }) }))
      .session(session)
      .start();
  },
};
