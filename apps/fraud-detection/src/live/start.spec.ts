/**
 * The live path on an embedded broker: the simulator writes to the transactions topic, every
 * query reads it with the Kafka source (progress shows Kafka offsets), malformed records are
 * counted by every query and dead-lettered once, and alerts reach the alerts topic exactly once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { StreamingQuery } from '@streamlab/core';
import { createEmbeddedKafka, deadLetterTopic, EmbeddedBroker, type KafkaClient } from '@streamlab/kafka';
import { LiveHub } from '@streamlab/live';
import type { Alert } from '../domain/alert.js';
import { ALERTS_TOPIC, INGEST_QUERY, LIVE_DEFAULTS, simulationOptions, startFraudLive, type RunningFraud } from './start.js';
import { TRANSACTIONS_TOPIC } from '../sim/model.js';

const DLQ = deadLetterTopic(TRANSACTIONS_TOPIC);
let kafka: KafkaClient | undefined;
let running: RunningFraud | undefined;
const abort = new AbortController();

afterEach(async () => {
  abort.abort();
  for (const q of running?.queries ?? []) await q.stop();
  await running?.stop?.();
  await kafka?.close();
});

async function topicSize(client: KafkaClient, topic: string, isolation?: 'read_committed'): Promise<Record<string, number>> {
  return Object.fromEntries((await client.admin.topicOffsets(topic, isolation)).map((p) => [String(p.partition), p.high - p.low]));
}
const total = (m: Record<string, number>) => Object.values(m).reduce((a, b) => a + b, 0);
const sourceOf = (q: StreamingQuery) => q.lastProgress!.sources.find((s) => s.description === `KafkaV2[Subscribe[${TRANSACTIONS_TOPIC}]]`);

describe('startFraudLive', () => {
  it('simulator -> fraud.transactions -> Kafka source -> queries -> fraud.alerts, malformed records dead-lettered and counted', {
    timeout: 120_000,
  }, async () => {
    kafka = createEmbeddedKafka({ broker: new EmbeddedBroker() });
    const hub = new LiveHub();
    // ten simulated minutes: one second of wall time at 600x
    running = await startFraudLive(
      { namespace: 'fraud-detection', hub, logger: pino({ level: 'silent' }), broker: { mode: 'embedded', kafka }, signal: abort.signal },
      { cards: 2_000, simRatePerSec: 20, incidentsPerHour: 120, speed: 600, durationMs: 1_000, malformed: 0.02, seed: 5 },
    );
    const topics = await kafka.admin.listTopics();
    expect(topics).toEqual(expect.arrayContaining([TRANSACTIONS_TOPIC, DLQ, ALERTS_TOPIC]));

    const summary = await running.simulated;
    expect(summary).not.toBeNull();
    // in queue order: rule queries feed the chained one, both feed the alert consumers
    for (const q of running.queries) await q.processAllAvailable();
    for (const q of running.queries) expect(q.exception).toBeUndefined();

    // the topic holds every record the simulator emitted
    const written = await topicSize(kafka, TRANSACTIONS_TOPIC);
    expect(total(written)).toBe(summary!.stats.emitted);
    expect(summary!.stats.emitted).toBeGreaterThan(5_000);

    // every transaction query read the topic to its end through the Kafka source
    const txQueries = running.queries.filter((q) => q.lastProgress && sourceOf(q));
    expect(txQueries.map((q) => q.name)).toEqual(
      expect.arrayContaining(['fraud-velocity', 'fraud-impossible-travel', 'fraud-exposed-cards', INGEST_QUERY, 'channel-amounts', 'recent-tx']),
    );
    const invalid = new Set<number>();
    for (const q of txQueries) {
      const src = sourceOf(q)!;
      expect(src.endOffset).toEqual({ [TRANSACTIONS_TOPIC]: written });
      expect(src.metrics?.offsetsBehindLatest).toBe(0);
      const read = q.recentProgress.reduce((n, p) => n + (p.sources.find((s) => s.description === src.description)?.numInputRows ?? 0), 0);
      const bad = Number(src.metrics?.numInvalidRowsTotal);
      expect(read + bad).toBe(summary!.stats.emitted);
      invalid.add(bad);
    }
    // the same malformed records are counted by every query, and dead-lettered once (by the ingest query)
    expect(invalid.size).toBe(1);
    const [bad] = [...invalid];
    expect(bad).toBeGreaterThan(0);
    expect(bad).toBeLessThanOrEqual(summary!.stats.malformed);
    expect(total(await topicSize(kafka, DLQ))).toBe(bad);
    // and shown on the dashboard, with the reason
    const shown = hub
      .channels('fraud-detection')
      .find((c) => c.query === 'dead-letters')!
      .snapshot().rows as { reason: string; count: number }[];
    expect(shown.length).toBe(bad);
    expect(Math.max(...shown.map((r) => r.count))).toBe(bad);
    expect(shown.every((r) => /malformed JSON|invalid at/.test(r.reason))).toBe(true);

    // alerts reached the alerts topic, each once, under read_committed
    const offsets = await kafka.admin.topicOffsets(ALERTS_TOPIC, 'read_committed');
    const reader = kafka.reader({ isolationLevel: 'read_committed' });
    const alerts = (await reader.read(offsets.map((o) => ({ topic: ALERTS_TOPIC, partition: o.partition, from: o.low, until: o.high }))))
      .flat()
      .map((r) => JSON.parse(r.value!.toString('utf8')) as Alert);
    await reader.close();
    expect(alerts.length).toBeGreaterThan(0);
    // no alert row twice (an exposed-card alert's id does not name the flagged merchant, so one
    // transaction of a card exposed at two merchants gives two rows with one alertId: the dedupKey tells them apart)
    expect(new Set(alerts.map((a) => `${a.alertId}|${a.dedupKey}`)).size).toBe(alerts.length);
  });
});

describe("simulationOptions (the hub's --rate and --speed)", () => {
  it('reads rate as transactions per wall-clock second: the simulated rate is rate / speed', () => {
    expect(simulationOptions({ rate: 100, speed: 10 })).toEqual({ simRatePerSec: 10, speed: 10 });
  });

  it('keeps the dashboard rate when only the speed changes, and the speed when only the rate does', () => {
    const shown = LIVE_DEFAULTS.simRatePerSec * LIVE_DEFAULTS.speed;
    expect(simulationOptions({ speed: 1 })).toEqual({ simRatePerSec: shown, speed: 1 });
    expect(simulationOptions({ rate: 100 })).toEqual({ simRatePerSec: 100 / LIVE_DEFAULTS.speed, speed: LIVE_DEFAULTS.speed });
    expect(simulationOptions()).toEqual({ simRatePerSec: LIVE_DEFAULTS.simRatePerSec, speed: LIVE_DEFAULTS.speed });
  });

  it('demo defaults: tens of transactions a second on the dashboard, at any hour', () => {
    expect(LIVE_DEFAULTS.simRatePerSec * LIVE_DEFAULTS.speed).toBeGreaterThanOrEqual(20);
    expect(LIVE_DEFAULTS.dailyRhythm).toBe(false);
  });
});
