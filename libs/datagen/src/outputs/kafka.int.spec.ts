import { expect, it } from 'vitest';
import { createKafkaClient } from '@streamlab/kafka';
import { describeKafka, eventually, testBrokers, uniqueName } from '@streamlab/kafka/testing';
import { recordText } from '../envelope.js';
import { createPaymentsModel, type Payment } from '../examples/payments/model.js';
import { runSimulation } from '../run.js';
import { Simulation } from '../simulation.js';
import { kafkaOutput } from './kafka.js';
import { countTopic, keyedOrderProblems, readTopic, tee } from './kafka-check.js';

describeKafka('kafkaOutput (real broker)', () => {
  it('writes keyed records, in per-key order, at the configured rate', async () => {
    const client = createKafkaClient({ brokers: testBrokers() });
    const topic = uniqueName('datagen-payments');
    try {
      const sim = new Simulation(createPaymentsModel({ rhythm: false }), {
        seed: 42,
        ratePerSec: 1_000,
        durationMs: 4_000,
        speed: 60,
        disorder: { outOfOrder: 0.05, late: 0.02, duplicates: 0.01 },
      });
      // Topics first, so the paced run measures sending, not topic creation.
      await client.admin.createTopics([
        { topic, partitions: 3 },
        { topic: `${topic}.labels`, partitions: 3 },
      ]);
      const out = tee(kafkaOutput<Payment>({ client, topic, partitions: 3 }));
      // Paced in real time on the system clock: the run itself takes ~4 s (no sleep in the test).
      const summary = await runSimulation(sim, out, {});
      expect(summary.recordsPerSec).toBeGreaterThan(900);
      expect(summary.recordsPerSec).toBeLessThan(1_100);

      await eventually(async () => (await countTopic(client, topic)) === out.emitted.length, { what: 'every record to be readable' });
      const records = await readTopic(client, topic);
      expect(keyedOrderProblems(records, out.emitted, recordText)).toEqual([]);
      // The broker saw them at the rate: CreateTime stamps (the clock at send) span the run.
      const stamps = records.map((r) => r.timestamp).sort((a, b) => a - b);
      const spanS = (stamps[stamps.length - 1]! - stamps[0]!) / 1000;
      expect(records.length / spanS).toBeGreaterThan(900);
      expect(records.length / spanS).toBeLessThan(1_150);
      const labels = await readTopic(client, `${topic}.labels`);
      expect(labels.length).toBeGreaterThan(summary.stats.late);
    } finally {
      await client.admin.deleteTopics([topic, `${topic}.labels`]).catch(() => undefined);
      await client.close();
    }
  });

  it('writes as fast as possible in large batched sends, all in order', async () => {
    const client = createKafkaClient({ brokers: testBrokers() });
    const topic = uniqueName('datagen-asap');
    try {
      const sim = new Simulation(createPaymentsModel(), { seed: 7, ratePerSec: 50_000, durationMs: 1_000, disorder: { duplicates: 0.01 } });
      const out = tee(kafkaOutput<Payment>({ client, topic, partitions: 1, labelsTopic: null }));
      const summary = await runSimulation(sim, out, { asap: true, batchSize: 8192 });
      expect(summary.stats.emitted).toBeGreaterThan(45_000);
      await eventually(async () => (await countTopic(client, topic)) === out.emitted.length, { what: 'every record to be readable' });
      expect(keyedOrderProblems(await readTopic(client, topic), out.emitted, recordText)).toEqual([]);
    } finally {
      await client.admin.deleteTopics([topic]).catch(() => undefined);
      await client.close();
    }
  });
});
