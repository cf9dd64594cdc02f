/**
 * The fraud app's queries that Kafka Streams' DSL and Spark's API can both express, on
 * transactions shaped like the app's (`apps/fraud-detection/src/pipelines`): the `transactions`
 * stream (deduplication of terminal resends by `txId` within the watermark, 15 s as in the app)
 * feeding the velocity query (per card, 5-minute windows every 15 s: count and sum; an alert for
 * 6 or more transactions, or 3 or more adding up to 2,500 EUR or more), in append mode as in the app:
 * each alert once, when the watermark has passed its window (Spark and StreamLab; Kafka Streams
 * writes every update that alerts, whose last one per window is the same final value, see the Java
 * peer). Output keyed `cardId|windowStart`.
 *
 * Left out, and why: compromised-merchant (an exact count of distinct cards per window: Spark
 * rejects distinct aggregates on streams, Kafka Streams has no distinct count), impossible-travel
 * (`flatMapGroupsWithState`: Spark can, Kafka Streams' DSL cannot, only its Processor API),
 * card-testing (an event pattern: neither), exposed-cards (reads the app's own alert topic) and the
 * dashboard KPIs (update mode, separate queries). The amount-anomaly and account-takeover rules
 * (stream-static joins with card profiles) are the `fraud-profile` workload.
 * Amounts are integer euro cents (the app converts currencies with a static table; in doubles a
 * sum's last bit depends on the order of addition, which would make exact comparison fail).
 *
 * Input: 20,000 ordinary cards, one transaction per card every ~200 s, plus every 1,000
 * transactions a burst of 8 on one card (a count alert) and 3 of 900 EUR on another (an amount
 * alert); every 10th record a resend of a transaction up to ~2 s earlier; ±3 s of event-time
 * disorder; records keyed by card (so Kafka Streams needs no repartition). The last 60 records, on
 * 60 cards of their own, come 10 minutes of event time after the rest: they move the watermark (and
 * each Kafka Streams task's stream time) past every window, so all windows close; theirs do not.
 */
import { count, Stream, sum, window } from '@streamlab/core';
import { z } from 'zod';
import { PlainTransaction } from '../plain-transaction.js';
import { kafkaSink } from '../../sink/kafka-sink.js';
import { decodeJson } from '../../source/decode.js';
import { kafkaSource } from '../../source/kafka-source.js';
import type { Workload } from './workload.js';

const STEP_MS = 10;
const JITTER_MS = 3_000;
const CARDS = 20_000;
const FLUSH = 60;
const FLUSH_MS = 10 * 60_000;
const WINDOW_MS = 5 * 60_000;
const SLIDE_MS = 15_000;
/** The app's default velocity thresholds (`rules-config.ts`). */
export const MAX_TX = 6;
export const MIN_TX_FOR_AMOUNT = 3;
export const MAX_AMOUNT_CENTS = 250_000;
const CHANNELS = ['card-present', 'e-commerce', 'atm'] as const;

const Result = z.object({ cardId: z.string(), start: z.number(), n: z.number(), amount: z.number() });

const hash = (x: number) => Math.imul(x + 1, 0x9e3779b1) >>> 0;

/** The transaction that record `i` is (itself) or resends: every 10th record resends one up to ~200 records earlier. */
export function originalTx(i: number): number {
  if (i % 10 !== 9) return i;
  const j = i - 1 - 10 * (hash(i) % 20);
  return j >= 0 ? j : i - 1;
}

/** Card, amount (cents) and event time of transaction `j`. */
export function fraudTx(j: number, base: number): { card: string; amount: number; ts: number } {
  const ts = base + j * STEP_MS + (hash(j) % (2 * JITTER_MS)) - JITTER_MS;
  const block = Math.floor(j / 1_000);
  const r = j % 1_000;
  if (r < 8) return { card: `card-burst-${block % 500}`, amount: 1_000 + (hash(j) % 9_000), ts };
  if (r >= 500 && r < 503) return { card: `card-big-${block % 500}`, amount: 90_000, ts };
  return { card: `card-${hash(j * 7 + 3) % CARDS}`, amount: 100 + (hash(j) % 60_000), ts };
}

/** Whether a velocity window of `n` transactions adding up to `amount` cents alerts. */
export function alerts(n: number, amount: number): boolean {
  return n >= MAX_TX || (n >= MIN_TX_FOR_AMOUNT && amount >= MAX_AMOUNT_CENTS);
}

function transaction(i: number, n: number, base: number) {
  if (i >= n - FLUSH) {
    const k = i - (n - FLUSH);
    const ts = base + (n - FLUSH) * STEP_MS + JITTER_MS + FLUSH_MS;
    return { txId: `tx-${i}`, card: `card-flush-${k}`, amount: 100, ts, channel: CHANNELS[k % 3]! };
  }
  const j = originalTx(i);
  const t = fraudTx(j, base);
  return { txId: `tx-${j}`, card: t.card, amount: t.amount, ts: t.ts, channel: CHANNELS[hash(j) % 3]! };
}

export const fraud: Workload = {
  name: 'fraud',
  partitions: 6,
  record(i, n, base) {
    const t = transaction(i, n, base);
    const m = hash(t.ts) % 5_000;
    const e = {
      txId: t.txId,
      cardId: t.card,
      accountId: `acct-${t.card}`,
      amount: t.amount,
      currency: 'EUR',
      merchantId: `merchant-${m}`,
      mcc: String(5_000 + (m % 999)),
      channel: t.channel,
      country: 'FR',
      city: `city-${m % 250}`,
      lat: 48.85,
      lon: 2.35,
      deviceId: `device-${m}`,
      eventTime: t.ts,
    };
    return { key: t.card, value: JSON.stringify(e), timestamp: t.ts };
  },
  spanMs(n) {
    return n * STEP_MS + JITTER_MS + FLUSH_MS;
  },
  expected(n, base) {
    // Per card its transactions' (event time, amount), then per card every window that contains one.
    const byCard = new Map<string, number[]>();
    for (let i = 0; i < n - FLUSH; i++) {
      if (originalTx(i) !== i) continue;
      const t = fraudTx(i, base);
      const list = byCard.get(t.card);
      if (list) list.push(t.ts, t.amount);
      else byCard.set(t.card, [t.ts, t.amount]);
    }
    const out = new Map<string, string>();
    const windows = new Map<number, [n: number, amount: number]>();
    for (const [card, list] of byCard) {
      if (list.length < 2 * MIN_TX_FOR_AMOUNT) continue;
      windows.clear();
      for (let x = 0; x < list.length; x += 2) {
        const ts = list[x]!;
        for (let start = Math.floor(ts / SLIDE_MS) * SLIDE_MS; start > ts - WINDOW_MS; start -= SLIDE_MS) {
          const w = windows.get(start);
          if (w) {
            w[0]++;
            w[1] += list[x + 1]!;
          } else windows.set(start, [1, list[x + 1]!]);
        }
      }
      for (const [start, [c, a]] of windows) if (alerts(c, a)) out.set(`${card}|${start}`, `${c} ${a}`);
    }
    return out;
  },
  result(value) {
    const r = Result.parse(JSON.parse(value?.toString() ?? 'null'));
    return [`${r.cardId}|${r.start}`, `${r.n} ${r.amount}`];
  },
  streamlab({ client, session, input, output, checkpoint, partitions }) {
    return Stream.fromSource(
      kafkaSource({ client, subscribe: input, startingOffsets: 'earliest', maxOffsetsPerTrigger: 100_000, decode: decodeJson(PlainTransaction) }),
    )
      .withWatermark('eventTime', '15 seconds')
      .dropDuplicatesWithinWatermark('txId')
      .groupBy(window('eventTime', '5 minutes', '15 seconds'), 'cardId')
      .agg({ n: count(), amount: sum('amount') })
      .filter((r) => alerts(r.n, r.amount ?? 0))
      .writeStream.outputMode('append')
      .option('checkpointLocation', checkpoint)
      .queryName('peers-fraud')
      .sink(
        kafkaSink({
          client,
          topic: output,
          newTopicPartitions: partitions,
          toRecord: (r) => ({ key: `${r.cardId}|${r.window.start}`, value: { cardId: r.cardId, start: r.window.start, n: r.n, amount: r.amount } }),
        }),
      )
      .session(session)
      .start();
  },
};
