/**
 * The fraud app's stream-static joins (`apps/fraud-detection/src/pipelines/amount-anomaly.ts` and
 * `account-takeover.ts`): the `transactions` stream (resends dropped by `txId` within the 15 s
 * watermark, as the app does) joined with each card's profile (inner: a card without a profile has
 * no habit to compare with), then both of the app's rules with its default thresholds
 * (`rules-config.ts`), scoring the amount against the holder's habit as `amountScore` does: the
 * modified z-score `0.6745 * (ln(amount in EUR) - spendLogMedian) / max(spendLogMad, 0.05)`.
 *
 * - amount-anomaly: not at an ATM, at least 150 EUR, score at least 3.5;
 * - account-takeover: e-commerce, from a device not in the profile's `knownDevices`, at least
 *   80 EUR, score at least 2.
 *
 * Output: one record per (transaction, rule) that alerts, keyed `txId|rule` (a transaction can
 * raise both), append mode (the join is stateless: each alert comes out in the batch its
 * transaction is read in).
 *
 * The profiles are a second input: a compacted topic keyed by card, produced before the first
 * transaction, the table each system loads before its stream starts, as it would in production:
 * StreamLab as the app loads its profile table (`staticTable` with a loader; the loader reads the
 * topic to its end, `readTopicTable`), Kafka Streams as a `GlobalKTable` (bootstrapped to the
 * topic's end before any stream thread processes a record), Spark as a static DataFrame from a batch
 * `spark.read.format("kafka")` (the last value per key, cached and counted before the query starts,
 * broadcast to the join). The profiles never change during the run, so all three join every
 * transaction with the same profile. A transaction's score is computed in doubles in all three with
 * the same expression: `Math.log` in V8 and `StrictMath.log` in Java (Kafka Streams' peer, and
 * Spark's `log`) are both fdlibm's; and the spec checks that no score of the input comes within
 * 1e-9 of a threshold, so a last-bit difference could not change an alert anyway.
 *
 * Input: `cardsOf(n)` profiles (20,000 from 200,000 records up), then transactions: one every
 * 10 ms of event time with ±3 s of disorder, on the profiled cards, and one in 50 on 100 cards
 * without a profile (large amounts that would alert: the inner join must drop them); every 20th a
 * spike (score 1 to 5), the rest ordinary (score -2.5 to 2.5); e-commerce charges from a known
 * device three times in four; every 10th record a resend of a transaction up to ~2 s earlier (as in
 * the `fraud` workload). Amounts are integer euro cents.
 */
import { Stream, staticTable } from '@streamlab/core';
import { z } from 'zod';
import { PlainTransaction } from '../plain-transaction.js';
import { kafkaSink } from '../../sink/kafka-sink.js';
import { decodeJson } from '../../source/decode.js';
import { kafkaSource } from '../../source/kafka-source.js';
import { originalTx } from './fraud.js';
import { readTopicTable } from './topic-table.js';
import type { Workload } from './workload.js';

const STEP_MS = 10;
const JITTER_MS = 3_000;
const CARDS = 20_000;
const UNKNOWN_CARDS = 100;
const CHANNELS = ['card-present', 'e-commerce', 'atm'] as const;
/** The app's robust score: its constant and its MAD floor (`amountScore`). */
const Z = 0.6745;
const MIN_MAD = 0.05;
/** The app's default thresholds (`rules-config.ts`). */
export const ANOMALY = { minRobustScore: 3.5, minAmountEur: 150 };
export const TAKEOVER = { minRobustScore: 2, minAmountEur: 80 };

export type ProfileRule = 'amount-anomaly' | 'account-takeover';

/** A card profile with the fraud app's fields (`cardProfileSchema`), every field plain. */
export const PlainProfile = z.object({
  cardId: z.string(),
  accountId: z.string(),
  holderName: z.string(),
  homeCountry: z.string(),
  homeCity: z.string(),
  homeLat: z.number(),
  homeLon: z.number(),
  currency: z.string(),
  spendLogMedian: z.number(),
  spendLogMad: z.number(),
  typicalSpendEur: z.number(),
  perTxLimitEur: z.number(),
  dailyLimitEur: z.number(),
  knownDevices: z.array(z.string()),
  usualMerchants: z.array(z.string()),
});
export type PlainProfile = z.output<typeof PlainProfile>;

const Result = z.object({ txId: z.string(), rule: z.string(), cardId: z.string(), amount: z.number() });

/** A well-mixed 32-bit hash of (`x`, `salt`) (lowbias32 of a Weyl step): draws for one transaction are independent of each other. */
function hash(x: number, salt = 0): number {
  let h = (Math.imul(x, 0x9e3779b1) + Math.imul(salt, 0x85ebca6b)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Profiled cards (and profile records) of an input of `n` records. */
export function cardsOf(n: number): number {
  return Math.max(1, Math.min(CARDS, Math.floor(n / 10)));
}

/** The profile of card `k`: a typical spend of 10 to 200 EUR, a MAD of 0.02 to 0.81 (below 0.05 the score floors it), 1 to 3 devices. */
export function cardProfile(k: number): PlainProfile {
  const typicalSpendEur = (1_000 + (hash(k, 1) % 19_000)) / 100;
  const devices = 1 + (hash(k, 2) % 3);
  return {
    cardId: `card-${k}`,
    accountId: `acct-${k}`,
    holderName: `holder ${k}`,
    homeCountry: 'FR',
    homeCity: `city-${k % 250}`,
    homeLat: 48.85,
    homeLon: 2.35,
    currency: 'EUR',
    spendLogMedian: Math.log(typicalSpendEur),
    spendLogMad: (2 + (hash(k, 3) % 80)) / 100,
    typicalSpendEur,
    perTxLimitEur: 2_000,
    dailyLimitEur: 5_000,
    knownDevices: Array.from({ length: devices }, (_, d) => `device-${k}-${d}`),
    usualMerchants: [0, 1, 2].map((m) => `merchant-${hash(k, 4 + m) % 5_000}`),
  };
}

/** The habit an unprofiled card's amounts are drawn from (a 50 EUR habit: its spikes would alert if it had a profile). */
const UNKNOWN_HABIT = { spendLogMedian: Math.log(50), spendLogMad: 0.5, knownDevices: [] as string[] };

/** Transaction `j` (0-based among the transactions of an input with `cards` profiled cards) and its card's profile (none for an unprofiled card). */
export function profileTx(j: number, cards: number, base: number) {
  const ts = base + j * STEP_MS + (hash(j) % (2 * JITTER_MS)) - JITTER_MS;
  const known = j % 50 !== 11;
  const k = known ? hash(j, 1) % cards : hash(j, 1) % UNKNOWN_CARDS;
  const profile = known ? cardProfile(k) : undefined;
  const habit = profile ?? UNKNOWN_HABIT;
  const channel = CHANNELS[hash(j, 2) % 3]!;
  const spike = j % 20 === 7 || !known;
  const z = spike ? 1 + (hash(j, 3) % 4_000) / 1_000 : (hash(j, 3) % 5_000) / 1_000 - 2.5;
  const eur = Math.exp(habit.spendLogMedian + (z * Math.max(habit.spendLogMad, MIN_MAD)) / Z);
  const newDevice = habit.knownDevices.length === 0 || hash(j, 4) % 4 === 0;
  const m = hash(ts, 5) % 5_000;
  return {
    txId: `tx-${j}`,
    cardId: known ? `card-${k}` : `card-unknown-${k}`,
    amount: Math.max(1, Math.round(eur * 100)),
    channel,
    deviceId: channel !== 'e-commerce' ? `terminal-${m}` : newDevice ? `device-new-${j}` : habit.knownDevices[hash(j, 6) % habit.knownDevices.length]!,
    merchantId: `merchant-${m}`,
    ts,
    profile,
  };
}

/** The app's robust score of an amount in cents against a habit. */
export function robustScore(amountCents: number, p: Pick<PlainProfile, 'spendLogMedian' | 'spendLogMad'>): number {
  return (Z * (Math.log(amountCents / 100) - p.spendLogMedian)) / Math.max(p.spendLogMad, MIN_MAD);
}

/** The rules a transaction raises against its card's profile (the app's amount-anomaly and account-takeover). */
export function profileAlerts(
  tx: { amount: number; channel: string; deviceId: string },
  p: Pick<PlainProfile, 'spendLogMedian' | 'spendLogMad' | 'knownDevices'>,
): ProfileRule[] {
  const eur = tx.amount / 100;
  const score = robustScore(tx.amount, p);
  const out: ProfileRule[] = [];
  if (tx.channel !== 'atm' && eur >= ANOMALY.minAmountEur && score >= ANOMALY.minRobustScore) out.push('amount-anomaly');
  if (tx.channel === 'e-commerce' && !p.knownDevices.includes(tx.deviceId) && eur >= TAKEOVER.minAmountEur && score >= TAKEOVER.minRobustScore)
    out.push('account-takeover');
  return out;
}

export const fraudProfile: Workload = {
  name: 'fraud-profile',
  partitions: 6,
  inputs: 2,
  topicConfigs: (input): Record<string, string> => (input === 1 ? { 'cleanup.policy': 'compact' } : {}),
  streamed: (n) => n - cardsOf(n),
  record(i, n, base) {
    const cards = cardsOf(n);
    if (i < cards) {
      const p = cardProfile(i);
      return { key: p.cardId, value: JSON.stringify(p), timestamp: base, input: 1 };
    }
    const t = profileTx(originalTx(i - cards), cards, base);
    const e = {
      txId: t.txId,
      cardId: t.cardId,
      accountId: `acct-${t.cardId}`,
      amount: t.amount,
      currency: 'EUR',
      merchantId: t.merchantId,
      mcc: String(5_000 + (hash(t.ts, 7) % 999)),
      channel: t.channel,
      country: 'FR',
      city: `city-${hash(t.ts, 8) % 250}`,
      lat: 48.85,
      lon: 2.35,
      deviceId: t.deviceId,
      eventTime: t.ts,
    };
    return { key: t.cardId, value: JSON.stringify(e), timestamp: t.ts, input: 0 };
  },
  spanMs(n) {
    return n * STEP_MS + JITTER_MS;
  },
  expected(n, base) {
    const cards = cardsOf(n);
    const out = new Map<string, string>();
    for (let j = 0; j < n - cards; j++) {
      if (originalTx(j) !== j) continue;
      const t = profileTx(j, cards, base);
      if (t.profile) for (const rule of profileAlerts(t, t.profile)) out.set(`${t.txId}|${rule}`, `${t.cardId} ${t.amount}`);
    }
    return out;
  },
  result(value) {
    const r = Result.parse(JSON.parse(value?.toString() ?? 'null'));
    return [`${r.txId}|${r.rule}`, `${r.cardId} ${r.amount}`];
  },
  streamlab({ client, session, inputs, output, checkpoint, partitions }) {
    // The app's profile table: one row per card, the profile in one column (`profileTable`), loaded by the first batch.
    const profiles = staticTable(
      async () => {
        const rows: { cardId: string; profile: PlainProfile }[] = [];
        for (const value of (await readTopicTable(client, inputs[1]!)).values()) {
          const profile = PlainProfile.parse(JSON.parse(value.toString()));
          rows.push({ cardId: profile.cardId, profile });
        }
        return rows;
      },
      { name: 'card-profiles' },
    );
    return Stream.fromSource(
      kafkaSource({ client, subscribe: inputs[0]!, startingOffsets: 'earliest', maxOffsetsPerTrigger: 100_000, decode: decodeJson(PlainTransaction) }),
    )
      .withWatermark('eventTime', '15 seconds')
      .dropDuplicatesWithinWatermark('txId')
      .join(profiles, 'cardId')
      .flatMap((r) => profileAlerts(r, r.profile).map((rule) => ({ txId: r.txId, rule, cardId: r.cardId, amount: r.amount })))
      .writeStream.outputMode('append')
      .option('checkpointLocation', checkpoint)
      .queryName('peers-fraud-profile')
      .sink(kafkaSink({ client, topic: output, newTopicPartitions: partitions, toRecord: (r) => ({ key: `${r.txId}|${r.rule}`, value: r }) }))
      .session(session)
      .start();
  },
};
