/**
 * Session windows with a 30 s gap: 200 keys, one ~200-byte JSON record per key every 2 s of event
 * time, in 80 s cycles of activity: 25 to 27 active slots, then idle slots whose records repeat the
 * last active event time (bursts). A cycle's gap to the next one is therefore 32 s (a new session),
 * exactly 30 s, or 28 s (the session goes on). Per key, the sum and count of integer amounts per
 * session, a 10-minute watermark (Kafka Streams: grace), each session written once, when the
 * watermark has passed its end (append; Spark has no update mode for session windows, SPARK-36463;
 * Kafka Streams suppresses until the window closes). So that every session of the input closes, the
 * last record of each key (the last 200 records) comes 15 minutes of event time after the rest:
 * those flush records move the watermark (and each Kafka Streams task's stream time) past every
 * other session, and their own sessions never close, so they are not in the results.
 *
 * Boundary: all three systems put two records exactly one gap apart in the same session (Spark's
 * `MergingSessionsIterator` merges when the next start is `<=` the session's end, Kafka Streams'
 * session store finds sessions whose end is `>= ts - gap`, StreamLab merges sessions that touch),
 * so the input includes such gaps on purpose. A session's end is its last event time plus the gap
 * in Spark and StreamLab, its last event time in Kafka Streams (which adds the gap to match).
 * Each key's event times never decrease (keys are shifted against each other by up to 20 s), so a
 * session never grows backwards and its start, part of the result key, is fixed from its first row.
 */
import { count, sessionWindow, Stream, sum } from '@streamlab/core';
import { z } from 'zod';
import { kafkaSink } from '../../sink/kafka-sink.js';
import { decodeJson } from '../../source/decode.js';
import { kafkaSource } from '../../source/kafka-source.js';
import { amountOf } from './sliding.js';
import { PeerEvent } from './tumbling.js';
import { batchShare, type Workload } from './workload.js';

const KEYS = 200;
/** Event time between a key's records: 2 s (10 ms per record, as in the other workloads). */
const SLOT_MS = KEYS * 10;
/** Slots per cycle of activity and idleness (80 s). */
const CYCLE = 40;
export const GAP_MS = 30_000;
/** How far the flush records (the last one of each key) come after the rest. */
const FLUSH_MS = 15 * 60_000;
const NOTE = 'x'.repeat(96);

const Result = z.object({ key: z.string(), start: z.number(), end: z.number(), count: z.number(), sum: z.number() });

/** Active slots of key `k` in its cycle `c`: 25, 26 or 27 (a gap of 32, 30 or 28 s to the next cycle). */
function activeSlots(k: number, c: number): number {
  return 25 + ((Math.imul(k * 1_000_003 + c + 1, 0x9e3779b1) >>> 0) % 3);
}

/** Event time of record `i`: its key's slot, or in an idle slot the cycle's last active one, plus the key's shift. */
export function sessionTime(i: number, base: number): number {
  const k = i % KEYS;
  const s = Math.floor(i / KEYS);
  const shifted = s + (k % CYCLE);
  const p = shifted % CYCLE;
  const active = activeSlots(k, Math.floor(shifted / CYCLE));
  const slot = p < active ? s : s - (p - active + 1);
  return base + slot * SLOT_MS + ((k * 7919) % 200) * 100;
}

/** The result value text. */
export function sessionValue(count: number, total: number, end: number): string {
  return `${count} ${total} ${end}`;
}

export const session: Workload = {
  name: 'session',
  partitions: 6,
  parallel: true,
  record(i, n, base) {
    const ts = sessionTime(i, base) + (i >= n - KEYS ? FLUSH_MS : 0);
    const key = `user-${i % KEYS}`;
    const e = { id: i, key, ts, amount: amountOf(i), merchant: `merchant-${(i * 7) % 5000}`, city: `city-${i % 250}`, note: NOTE };
    return { key, value: JSON.stringify(e), timestamp: ts };
  },
  spanMs(n) {
    return n * 10 + 20_000 + SLOT_MS + FLUSH_MS;
  },
  expected(n, base) {
    const out = new Map<string, string>();
    const open: ([start: number, last: number, count: number, sum: number] | undefined)[] = new Array(KEYS);
    const close = (k: number) => {
      const s = open[k]!;
      out.set(`user-${k}|${s[0]}`, sessionValue(s[2], s[3], s[1] + GAP_MS));
    };
    for (let i = 0; i < n - KEYS; i++) {
      const k = i % KEYS;
      const ts = sessionTime(i, base);
      const s = open[k];
      if (s && ts - s[1] <= GAP_MS) {
        s[1] = Math.max(s[1], ts);
        s[2]++;
        s[3] += amountOf(i);
      } else {
        if (s) close(k);
        open[k] = [ts, ts, 1, amountOf(i)];
      }
    }
    for (let k = 0; k < KEYS; k++) if (open[k]) close(k);
    return out;
  },
  result(value) {
    const r = Result.parse(JSON.parse(value?.toString() ?? 'null'));
    return [`${r.key}|${r.start}`, sessionValue(r.count, r.sum, r.end)];
  },
  streamlab({ client, session, input, output, checkpoint, partitions, shard }) {
    return Stream.fromSource(
      kafkaSource({ client, subscribe: input, startingOffsets: 'earliest', ...batchShare(shard), decode: decodeJson(PeerEvent), partitionedBy: 'key' }),
    )
      .withWatermark('ts', '10 minutes')
      .groupBy(sessionWindow('ts', '30 seconds'), 'key')
      .agg({ count: count(), sum: sum('amount') })
      .writeStream.outputMode('append')
      .option('checkpointLocation', checkpoint)
      .queryName('peers-session')
      .sink(
        kafkaSink({
          client,
          topic: output,
          newTopicPartitions: partitions,
          toRecord: (r) => ({
            key: `${r.key}|${r.session_window.start}`,
            value: { key: r.key, start: r.session_window.start, end: r.session_window.end, count: r.count, sum: r.sum },
          }),
        }),
      )
      .session(session)
      .start();
  },
};
