/**
 * Through a real Kafka broker: the simulator writes transactions to a topic, the rule queries read
 * it with the Kafka source (bad records to the dead-letter topic) and write alerts to an alerts
 * topic with the exactly-once sink; the alerts are read back with read_committed.
 */
import { afterAll, expect, it } from 'vitest';
import { Stream, type StreamingQuery } from '@streamlab/core';
import { kafkaOutput, runSimulation, Simulation } from '@streamlab/datagen';
import { createKafkaClient, decodeJson, kafkaSink, kafkaSource, type KafkaClient } from '@streamlab/kafka';
import { describeKafka, testBrokers, uniqueName } from '@streamlab/kafka/testing';
import type { Alert } from './domain/alert.js';
import { decodeTransaction } from './domain/decode.js';
import { DEFAULT_RULES } from './domain/rules-config.js';
import { accountTakeover } from './domain/rules/account-takeover.js';
import { amountAnomaly } from './domain/rules/amount-anomaly.js';
import { transactionSchema, type Transaction } from './domain/schemas.js';
import { EVALUATION_START_MS } from './evaluation/run-evaluation.js';
import { alertStreams } from './pipelines/fraud-pipelines.js';
import { pipelineOptions } from './pipelines/options.js';
import { merchantTable } from './pipelines/compromised-merchant.js';
import { profileTable } from './pipelines/profiles.js';
import { fraudSimulator } from './sim/defaults.js';

let client: KafkaClient | undefined;
afterAll(async () => client?.close());

describeKafka('fraud detection through a real broker', () => {
  it('simulator -> Kafka -> pipelines -> alerts topic, exactly once under read_committed', { timeout: 240_000 }, async () => {
    client = createKafkaClient({ brokers: testBrokers().join(',') });
    const kafka = client;
    const txTopic = uniqueName('fraud.transactions');
    const alertsTopic = uniqueName('fraud.alerts');
    const { world, model } = fraudSimulator({ simRatePerSec: 20, cards: 3_000, incidentsPerHour: 60 });
    const sim = new Simulation(model, {
      seed: 11,
      ratePerSec: 20,
      durationMs: 4 * 60_000,
      startMs: EVALUATION_START_MS,
      disorder: { outOfOrder: 0.03, maxDelayMs: 5_000, duplicates: 0.02, malformed: 0.01 },
    });
    const summary = await runSimulation(sim, kafkaOutput({ client: kafka, topic: txTopic, labelsTopic: null, partitions: 3 }), { asap: true });
    expect(summary.stats.emitted).toBeGreaterThan(4_000);
    await kafka.admin.createTopics([{ topic: alertsTopic, partitions: 1 }]);

    const opts = pipelineOptions();
    const profiles = world.profiles;
    const tables = { merchants: merchantTable(world.merchantTable), profiles: profileTable(profiles) };
    const source = () =>
      Stream.fromSource(
        kafkaSource({
          client: kafka,
          subscribe: txTopic,
          startingOffsets: 'earliest',
          decode: decodeJson(transactionSchema),
          deadLetter: { topic: `${txTopic}-dlq` },
        }),
      );
    const queries: StreamingQuery[] = Object.entries(alertStreams(source, tables, opts)).map(([name, s]) =>
      s.writeStream
        .outputMode('append')
        .queryName(`${name}-${alertsTopic}`)
        .sink(kafkaSink<Alert>({ client: kafka, topic: alertsTopic, guarantee: 'exactly-once', toRecord: (a) => ({ key: a.entityId, value: a }) }))
        .start(),
    );
    try {
      await Promise.all(queries.map((q) => q.processAllAvailable()));
      for (const q of queries) expect(q.exception).toBeUndefined();
    } finally {
      await Promise.all(queries.map((q) => q.stop()));
    }

    const offsets = await kafka.admin.topicOffsets(alertsTopic, 'read_committed');
    const reader = kafka.reader({ isolationLevel: 'read_committed' });
    const parts = await reader.read(offsets.map((o) => ({ topic: alertsTopic, partition: o.partition, from: o.low, until: o.high })));
    await reader.close();
    const alerts = parts.flat().map((r) => JSON.parse(r.value!.toString('utf8')) as Alert);

    // exactly once: no alert twice
    const ids = alerts.map((a) => a.alertId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(alerts.length).toBeGreaterThan(0);

    // the stateless rules' alerts are exactly what the rule functions say about the distinct input
    const txs = new Map<string, Transaction>();
    const input = await kafka.admin.topicOffsets(txTopic);
    const txReader = kafka.reader();
    for (const recs of await txReader.read(input.map((o) => ({ topic: txTopic, partition: o.partition, from: o.low, until: o.high })))) {
      for (const r of recs) {
        const d = decodeTransaction(r.value?.toString('utf8') ?? '');
        if (d.ok) txs.set(d.value.txId, d.value);
      }
    }
    await txReader.close().catch(() => undefined);
    const byCard = new Map(profiles.map((p) => [p.cardId, p]));
    const expected = new Set<string>();
    for (const tx of txs.values()) {
      const p = byCard.get(tx.cardId)!;
      for (const a of [amountAnomaly(tx, p, DEFAULT_RULES.amountAnomaly), accountTakeover(tx, p, DEFAULT_RULES.accountTakeover)])
        if (a) expected.add(a.alertId);
    }
    const stateless = new Set(alerts.filter((a) => a.rule === 'amount-anomaly' || a.rule === 'account-takeover').map((a) => a.alertId));
    expect(expected.size).toBeGreaterThan(0);
    expect([...stateless].sort()).toEqual([...expected].sort());
  });
});
