import { describe, expect, it } from 'vitest';
import { kafkaPortContract } from '../testing/port-contract.js';
import { EmbeddedBroker } from './embedded-broker.js';
import { createEmbeddedKafka } from './embedded-client.js';

describe('embedded broker: the Kafka port contract', () => {
  kafkaPortContract(() => createEmbeddedKafka({ broker: new EmbeddedBroker() }));
});

describe('embedded broker', () => {
  it('keeps at most retention.records records per partition', async () => {
    const kafka = createEmbeddedKafka({ broker: new EmbeddedBroker() });
    await kafka.admin.createTopics([{ topic: 't', partitions: 1, configs: { 'retention.records': '3' } }]);
    await kafka.producer().send(Array.from({ length: 5000 }, (_, i) => ({ topic: 't', value: `v${i}` })));
    expect(await kafka.admin.topicOffsets('t')).toEqual([{ partition: 0, low: 4997, high: 5000 }]);
    const [kept] = await kafka.reader().read([{ topic: 't', partition: 0, from: 4997, until: 5000 }]);
    expect(kept!.map((r) => r.value!.toString())).toEqual(['v4997', 'v4998', 'v4999']);
  });

  it('a newer producer with the same transactional id fences the older one and aborts its transaction', async () => {
    const kafka = createEmbeddedKafka({ broker: new EmbeddedBroker() });
    await kafka.admin.createTopics([{ topic: 't' }]);
    const old = kafka.producer({ transactionalId: 'writer' });
    const txn = await old.transaction();
    await txn.send([{ topic: 't', value: 'zombie' }]);
    const fresh = kafka.producer({ transactionalId: 'writer' });
    await expect(txn.commit()).rejects.toMatchObject({ code: 'KAFKA_PRODUCER_FENCED' });
    const t2 = await fresh.transaction();
    await t2.send([{ topic: 't', value: 'ok' }]);
    await t2.commit();
    const high = (await kafka.admin.topicOffsets('t', 'read_committed'))[0]!.high;
    const [rows] = await kafka.reader({ isolationLevel: 'read_committed' }).read([{ topic: 't', partition: 0, from: 0, until: high }]);
    expect(rows!.map((r) => r.value!.toString())).toEqual(['ok']);
  });

  it('auto-creates a topic on first write and notifies listeners of appends', async () => {
    const broker = new EmbeddedBroker({ defaultPartitions: 2 });
    const kafka = createEmbeddedKafka({ broker });
    const seen: string[] = [];
    const off = kafka.onAppend('auto', () => seen.push('append'));
    await kafka.producer().send([{ topic: 'auto', value: 'a' }]);
    off();
    await kafka.producer().send([{ topic: 'auto', value: 'b' }]);
    expect(await kafka.admin.partitions('auto')).toEqual([0, 1]);
    expect(seen).toEqual(['append']);
  });

  it('rejects unknown topics with KAFKA_UNKNOWN_TOPIC when auto-creation is off', async () => {
    const kafka = createEmbeddedKafka({ broker: new EmbeddedBroker({ autoCreateTopics: false }) });
    await expect(kafka.producer().send([{ topic: 'missing', value: 'x' }])).rejects.toMatchObject({ code: 'KAFKA_UNKNOWN_TOPIC', value: 'missing' });
    await expect(kafka.admin.partitions('missing')).rejects.toMatchObject({ code: 'KAFKA_UNKNOWN_TOPIC' });
  });
});
