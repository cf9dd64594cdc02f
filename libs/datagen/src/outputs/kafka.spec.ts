import { describe, expect, it } from 'vitest';
import { createEmbeddedKafka, EmbeddedBroker } from '@streamlab/kafka';
import { ManualClock } from '@streamlab/core/testing';
import { driveClock } from '../drive-clock.js';
import { recordText, type LabelLine } from '../envelope.js';
import { createPaymentsModel, type Payment } from '../examples/payments/model.js';
import { runSimulation } from '../run.js';
import { Simulation } from '../simulation.js';
import { kafkaOutput } from './kafka.js';
import { countTopic, keyedOrderProblems, readTopic, tee } from './kafka-check.js';
import { memoryOutput } from './memory.js';

const model = createPaymentsModel({ rhythm: false });

describe('kafkaOutput (embedded broker)', () => {
  it('lands every record keyed by entity, each key in one partition and in emission order; labels on the side topic', async () => {
    const client = createEmbeddedKafka({ broker: new EmbeddedBroker() });
    const sim = new Simulation(model, {
      seed: 8,
      ratePerSec: 100,
      durationMs: 600_000,
      speed: 60,
      disorder: { late: 0.02, outOfOrder: 0.05, duplicates: 0.01 },
    });
    const out = tee(kafkaOutput<Payment>({ client, topic: 'payments', partitions: 4 }));
    const summary = await runSimulation(sim, out, { asap: true });
    const records = await readTopic(client, 'payments');
    expect(keyedOrderProblems(records, out.emitted, recordText)).toEqual([]);
    expect(records.every((r) => JSON.parse(r.value!.toString()).cardId === r.key!.toString())).toBe(true);
    expect(new Set(records.map((r) => r.partition)).size).toBe(4);
    // The data topic holds no ground truth; the labels topic holds all of it.
    expect(records.some((r) => r.value!.toString().includes('incidentId'))).toBe(false);
    const labels = (await readTopic(client, 'payments.labels')).map((r) => JSON.parse(r.value!.toString()) as LabelLine);
    expect(labels.filter((l) => l.kind === 'incident').length).toBe(summary.incidents.length);
    expect(labels.filter((l) => l.kind === 'record' && l.scenario).length).toBe(summary.stats.labelled);
    expect(labels.filter((l) => l.kind === 'record' && l.disorder === 'late').length).toBe(summary.stats.late);
    await client.close();
  });

  it('writes at the configured rate: send timestamps from the clock, ~rate records per second', async () => {
    const client = createEmbeddedKafka({ broker: new EmbeddedBroker() });
    const clock = new ManualClock(Date.UTC(2026, 5, 1));
    const sim = new Simulation(model, { seed: 2, ratePerSec: 2_000, durationMs: 10_000 });
    const perSecond: number[] = [];
    let last = 0;
    const start = clock.now();
    // Each time the runner has sent what was due and sleeps on the clock, count what landed.
    await driveClock(clock, runSimulation(sim, kafkaOutput<Payment>({ client, topic: 'tx', clock }), { clock, tickMs: 50 }), 50, async (now) => {
      if (now > start && (now - start) % 1_000 === 0) {
        const n = await countTopic(client, 'tx');
        perSecond.push(n - last);
        last = n;
      }
    });
    const records = await readTopic(client, 'tx');
    expect(Math.min(...records.map((r) => r.timestamp))).toBeGreaterThanOrEqual(start);
    expect(Math.max(...records.map((r) => r.timestamp))).toBeLessThanOrEqual(start + 10_000);
    // 2,000 per second, each second within 10% (Poisson sd ~ 2.2%).
    expect(perSecond.length).toBeGreaterThanOrEqual(9);
    for (const n of perSecond.slice(0, 9)) expect(Math.abs(n - 2_000)).toBeLessThan(200);
    expect(Math.abs(records.length - 20_000)).toBeLessThan(5 * Math.sqrt(20_000));
    await client.close();
  });

  it('splits large batches into sends of at most maxSendBytes, keeping the order', async () => {
    const client = createEmbeddedKafka({ broker: new EmbeddedBroker() });
    const sends: number[] = [];
    const counting = {
      ...client,
      producer: (o?: Parameters<typeof client.producer>[0]) => {
        const p = client.producer(o);
        return {
          ...p,
          send: (records: Parameters<typeof p.send>[0]) => {
            sends.push(records.length);
            return p.send(records);
          },
        };
      },
    };
    const mem = memoryOutput<Payment>();
    const opts = { seed: 4, ratePerSec: 20_000, durationMs: 1_000 };
    await runSimulation(
      new Simulation(model, opts),
      kafkaOutput<Payment>({ client: counting, topic: 'big', partitions: 1, labelsTopic: null, maxSendBytes: 64 * 1024 }),
      { asap: true, batchSize: 4096 },
    );
    await runSimulation(new Simulation(model, opts), mem, { asap: true });
    // ~250-byte records: 4096 of them (~1 MB) go in sends of about 260 records.
    expect(Math.max(...sends)).toBeLessThan(300);
    expect(sends.length).toBeGreaterThan(60);
    expect((await readTopic(client, 'big')).map((r) => r.value!.toString())).toEqual(mem.envelopes.map(recordText));
    await client.close();
  });

  it('gives the same records to Kafka as to memory for one seed', async () => {
    const opts = { seed: 3, ratePerSec: 1_000, durationMs: 5_000 };
    const client = createEmbeddedKafka({ broker: new EmbeddedBroker() });
    await runSimulation(new Simulation(model, opts), kafkaOutput<Payment>({ client, topic: 'a', partitions: 1, labelsTopic: null }), { asap: true });
    const mem = memoryOutput<Payment>();
    await runSimulation(new Simulation(model, opts), mem, { asap: true });
    const landed = (await readTopic(client, 'a')).map((r) => r.value!.toString());
    expect(landed).toEqual(mem.envelopes.map(recordText));
    expect(await client.admin.listTopics()).not.toContain('a.labels');
    await client.close();
  });
});
