/**
 * The live path on the real broker (what `npm start -- --kafka` and `KAFKA_BROKERS` run): the
 * simulator writes to a transactions topic through kafkajs, every query reads it with the Kafka
 * source, malformed records are dead-lettered once, and alerts reach the alerts topic in Kafka
 * transactions (read back with read_committed).
 */
import { afterAll, expect, it } from 'vitest';
import { pino } from 'pino';
import { createKafkaClient, deadLetterTopic, type KafkaClient } from '@streamlab/kafka';
import { describeKafka, testBrokers, uniqueName } from '@streamlab/kafka/testing';
import { LiveHub } from '@streamlab/live';
import type { Alert } from '../domain/alert.js';
import { INGEST_QUERY, startFraudLive, type RunningFraud } from './start.js';

let kafka: KafkaClient | undefined;
let running: RunningFraud | undefined;
const abort = new AbortController();

afterAll(async () => {
  abort.abort();
  for (const q of running?.queries ?? []) await q.stop();
  await running?.stop?.();
  await kafka?.close();
});

describeKafka('the live path through a real broker', () => {
  it('simulator -> transactions topic -> Kafka sources -> queries -> alerts topic (read_committed)', { timeout: 180_000 }, async () => {
    kafka = createKafkaClient({ brokers: testBrokers().join(',') });
    const topic = uniqueName('fraud.transactions');
    const alertsTopic = uniqueName('fraud.alerts');
    running = await startFraudLive(
      {
        namespace: 'fraud-detection',
        hub: new LiveHub(),
        logger: pino({ level: 'silent' }),
        broker: { mode: 'external', brokers: testBrokers().join(','), kafka },
        signal: abort.signal,
      },
      { cards: 2_000, simRatePerSec: 20, incidentsPerHour: 120, speed: 300, durationMs: 1_000, malformed: 0.02, seed: 8, topic, alertsTopic },
    );
    const summary = await running.simulated;
    expect(summary).not.toBeNull();
    for (const q of running.queries) await q.processAllAvailable();
    for (const q of running.queries) expect(q.exception).toBeUndefined();

    const written = Object.fromEntries((await kafka.admin.topicOffsets(topic)).map((p) => [String(p.partition), p.high]));
    expect(Object.values(written).reduce((a, b) => a + b, 0)).toBe(summary!.stats.emitted);
    const ingest = running.queries.find((q) => q.name === INGEST_QUERY)!;
    const src = ingest.lastProgress!.sources[0]!;
    expect(src.description).toBe(`KafkaV2[Subscribe[${topic}]]`);
    expect(src.endOffset).toEqual({ [topic]: written });
    const bad = Number(src.metrics?.numInvalidRowsTotal);
    expect(bad).toBeGreaterThan(0);
    const dlq = await kafka.admin.topicOffsets(deadLetterTopic(topic));
    expect(dlq.reduce((n, p) => n + p.high - p.low, 0)).toBe(bad);

    const offsets = await kafka.admin.topicOffsets(alertsTopic, 'read_committed');
    const reader = kafka.reader({ isolationLevel: 'read_committed' });
    const alerts = (await reader.read(offsets.map((o) => ({ topic: alertsTopic, partition: o.partition, from: o.low, until: o.high }))))
      .flat()
      .map((r) => JSON.parse(r.value!.toString('utf8')) as Alert);
    await reader.close();
    expect(alerts.length).toBeGreaterThan(0);
    expect(new Set(alerts.map((a) => `${a.alertId}|${a.dedupKey}`)).size).toBe(alerts.length);
  });
});
