import type { EachBatchPayload } from 'kafkajs';
import { Kafka, logLevel } from '../kafkajs/kafkajs.js';
import { afterAll, expect, it } from 'vitest';
import { describeKafka, testBrokers, uniqueName } from '../testing/index.js';

const RECORDS = 10_000;
const KEYS = 97;

describeKafka('the local Kafka broker', () => {
  const kafka = new Kafka({ clientId: 'round-trip-test', brokers: testBrokers(), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  afterAll(() => admin.disconnect());

  it('round-trips 10,000 keyed records over 3 partitions: each exactly once, per-key order kept', async () => {
    const topic = uniqueName('round-trip');
    const groupId = uniqueName('round-trip-group');
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });

    const producer = kafka.producer();
    await producer.connect();
    for (let start = 0; start < RECORDS; start += 1000) {
      const messages = Array.from({ length: 1000 }, (_, j) => {
        const seq = start + j;
        return { key: `key-${seq % KEYS}`, value: JSON.stringify({ seq }) };
      });
      await producer.send({ topic, messages });
    }
    await producer.disconnect();

    const seen: { key: string; seq: number; partition: number }[] = [];
    const consumer = kafka.consumer({ groupId });
    let done!: () => void;
    const allArrived = new Promise<void>((resolve) => (done = resolve));
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }: EachBatchPayload) => {
        for (const m of batch.messages) {
          seen.push({ key: m.key!.toString(), seq: (JSON.parse(m.value!.toString()) as { seq: number }).seq, partition: batch.partition });
        }
        if (seen.length >= RECORDS) done();
      },
    });
    await allArrived;
    await consumer.stop();

    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    const latest = await admin.fetchTopicOffsets(topic);
    await consumer.disconnect();

    // Exactly once: every sequence number, no duplicates.
    expect(seen).toHaveLength(RECORDS);
    expect(new Set(seen.map((r) => r.seq)).size).toBe(RECORDS);
    // Per-key order: each key lives in one partition and arrives in the order it was produced.
    const byKey = new Map<string, { seqs: number[]; partitions: Set<number> }>();
    for (const r of seen) {
      const entry = byKey.get(r.key) ?? { seqs: [], partitions: new Set() };
      entry.seqs.push(r.seq);
      entry.partitions.add(r.partition);
      byKey.set(r.key, entry);
    }
    expect(byKey.size).toBe(KEYS);
    for (const { seqs, partitions } of byKey.values()) {
      expect(partitions.size).toBe(1);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
    // Spread over all three partitions, and the group committed up to the end of each.
    expect(new Set(seen.map((r) => r.partition))).toEqual(new Set([0, 1, 2]));
    expect(latest.map((p) => Number(p.high)).reduce((a, b) => a + b, 0)).toBe(RECORDS);
    const committedByPartition = new Map(committed[0]!.partitions.map((p) => [p.partition, p.offset]));
    for (const p of latest) expect(committedByPartition.get(p.partition)).toBe(p.high);
  });
});
