/**
 * The contract of the Kafka port, as tests: run against the embedded broker (unit) and against
 * the real broker through kafkajs (integration), so both behave the same where it matters.
 */
import { StreamlabError } from '@streamlab/core';
import { afterAll, expect, it } from 'vitest';
import type { KafkaClient, KafkaRecord } from '../port.js';
import { DEFAULT_MAX_MESSAGE_BYTES, singleRecordBatchBytes } from '../record-size.js';
import { eventually, uniqueName } from './kafka-test.js';

const text = (records: KafkaRecord[]) => records.map((r) => `${r.key?.toString() ?? '-'}=${r.value?.toString() ?? '-'}`);

/**
 * Registers the port contract tests for the client `make()` returns (called once).
 *
 * @example
 * describe('my adapter', () => kafkaPortContract(() => createMyKafkaClient()));
 */
export function kafkaPortContract(make: () => KafkaClient): void {
  const kafka = make();
  afterAll(() => kafka.close());

  it('creates topics idempotently, lists, grows and deletes them', async () => {
    const topic = uniqueName('contract-topics');
    await kafka.admin.createTopics([{ topic, partitions: 2 }]);
    await kafka.admin.createTopics([{ topic, partitions: 5 }]);
    expect(await kafka.admin.partitions(topic)).toEqual([0, 1]);
    expect(await kafka.admin.listTopics()).toContain(topic);
    await kafka.admin.createPartitions(topic, 3);
    expect(await kafka.admin.partitions(topic)).toEqual([0, 1, 2]);
    await kafka.admin.deleteTopics([topic]);
    expect(await kafka.admin.listTopics()).not.toContain(topic);
  });

  it("places keyed records with Kafka's murmur2 partitioner and reads exact offset ranges", async () => {
    const topic = uniqueName('contract-keys');
    await kafka.admin.createTopics([{ topic, partitions: 3 }]);
    const producer = kafka.producer();
    // key-0 -> 1, key-1 -> 0, 'a' -> 1 (values computed with the Java client).
    await producer.send(['key-0', 'key-1', 'a', 'key-0', 'key-0'].map((key, i) => ({ topic, key, value: `v${i}` })));
    const offsets = await kafka.admin.topicOffsets(topic);
    expect(offsets).toEqual([
      { partition: 0, low: 0, high: 1 },
      { partition: 1, low: 0, high: 4 },
      { partition: 2, low: 0, high: 0 },
    ]);
    const reader = kafka.reader();
    const [all, middle, empty] = await reader.read([
      { topic, partition: 1, from: 0, until: 4 },
      { topic, partition: 1, from: 1, until: 3 },
      { topic, partition: 2, from: 0, until: 0 },
    ]);
    expect(text(all!)).toEqual(['key-0=v0', 'a=v2', 'key-0=v3', 'key-0=v4']);
    expect(all!.map((r) => r.offset)).toEqual([0, 1, 2, 3]);
    expect(text(middle!)).toEqual(['a=v2', 'key-0=v3']);
    expect(empty).toEqual([]);
    await producer.close();
  });

  it("reads a topic's configs, and refuses a record over max.message.bytes as not retriable (the same on both brokers)", async () => {
    const topic = uniqueName('contract-size');
    const small = uniqueName('contract-size-small');
    await kafka.admin.createTopics([{ topic }, { topic: small, configs: { 'max.message.bytes': '2000' } }]);
    expect((await kafka.admin.topicConfigs(topic))['max.message.bytes']).toBe(String(DEFAULT_MAX_MESSAGE_BYTES));
    expect((await kafka.admin.topicConfigs(small))['max.message.bytes']).toBe('2000');
    const producer = kafka.producer({ idempotent: true });
    // Exactly at the limit fits; one byte more is refused at once, with Kafka's reason.
    let n = 2000 - singleRecordBatchBytes({ key: 'k', value: Buffer.alloc(0) });
    while (singleRecordBatchBytes({ key: 'k', value: Buffer.alloc(n) }) > 2000) n--;
    const fits = { topic: small, key: 'k', value: Buffer.alloc(n) };
    expect(singleRecordBatchBytes(fits)).toBe(2000);
    await producer.send([fits]);
    const started = Date.now();
    const err = await producer.send([{ ...fits, value: Buffer.alloc(fits.value.length + 1) }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StreamlabError);
    expect(err).toMatchObject({ code: 'KAFKA_RECORD_TOO_LARGE', retriable: false });
    expect(Date.now() - started).toBeLessThan(5000); // not retried with backoff
    const [offsets] = await kafka.admin.topicOffsets(small);
    expect(offsets!.high).toBe(1);
    await producer.close();
  });

  it('keeps headers, explicit partitions and producer timestamps', async () => {
    const topic = uniqueName('contract-headers');
    await kafka.admin.createTopics([{ topic, partitions: 2 }]);
    const producer = kafka.producer({ idempotent: true });
    await producer.send([{ topic, partition: 1, key: null, value: 'x', timestamp: 1_700_000_000_123, headers: [{ key: 'trace', value: Buffer.from('t-1') }] }]);
    const [[record]] = (await kafka.reader().read([{ topic, partition: 1, from: 0, until: 1 }])) as [KafkaRecord[]];
    expect(record).toMatchObject({ key: null, topic, partition: 1, offset: 0, timestamp: 1_700_000_000_123, timestampType: 0 });
    expect(record!.value).toEqual(Buffer.from('x'));
    expect(record!.headers).toEqual([{ key: 'trace', value: Buffer.from('t-1') }]);
    await producer.close();
  });

  it('deleteRecords moves the low offset; reading below it fails with KAFKA_OFFSET_OUT_OF_RANGE', async () => {
    const topic = uniqueName('contract-delete');
    await kafka.admin.createTopics([{ topic, partitions: 1 }]);
    const producer = kafka.producer();
    await producer.send(Array.from({ length: 10 }, (_, i) => ({ topic, value: `v${i}` })));
    await kafka.admin.deleteRecords(topic, 0, 6);
    expect(await kafka.admin.topicOffsets(topic)).toEqual([{ partition: 0, low: 6, high: 10 }]);
    const error = await kafka
      .reader()
      .read([{ topic, partition: 0, from: 2, until: 8 }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamlabError);
    expect(error).toMatchObject({ code: 'KAFKA_OFFSET_OUT_OF_RANGE', value: 6 });
    const [rest] = await kafka.reader().read([{ topic, partition: 0, from: 6, until: 10 }]);
    expect(text(rest!)).toEqual(['-=v6', '-=v7', '-=v8', '-=v9']);
    await producer.close();
  });

  it('commits and fetches consumer-group offsets', async () => {
    const topic = uniqueName('contract-group');
    const groupId = uniqueName('contract-group-id');
    await kafka.admin.createTopics([{ topic, partitions: 2 }]);
    expect(await kafka.admin.groupOffsets(groupId, [topic])).toEqual([]);
    await kafka.admin.commitGroupOffsets(groupId, [
      { topic, partition: 0, offset: 3 },
      { topic, partition: 1, offset: 7 },
    ]);
    expect(await kafka.admin.groupOffsets(groupId, [topic])).toEqual([
      { topic, partition: 0, offset: 3 },
      { topic, partition: 1, offset: 7 },
    ]);
  });

  it('transactions: read_committed sees committed records only, offsets commit with the transaction', async () => {
    const topic = uniqueName('contract-txn');
    const groupId = uniqueName('contract-txn-group');
    await kafka.admin.createTopics([{ topic, partitions: 1 }]);
    const producer = kafka.producer({ transactionalId: uniqueName('contract-txn-id') });

    const aborted = await producer.transaction();
    await aborted.send([{ topic, key: 'k', value: 'aborted' }]);
    await aborted.abort();

    const open = await producer.transaction();
    await open.send([{ topic, key: 'k', value: 'committed' }]);
    await open.sendOffsets(groupId, [{ topic, partition: 0, offset: 42 }]);
    const [stableWhileOpen] = await kafka.admin.topicOffsets(topic, 'read_committed');
    const [highWhileOpen] = await kafka.admin.topicOffsets(topic, 'read_uncommitted');
    expect(stableWhileOpen!.high).toBeLessThan(highWhileOpen!.high);
    expect(await kafka.admin.groupOffsets(groupId, [topic])).toEqual([]);
    await open.commit();

    // A real broker writes the commit markers after commit() returns: wait for the stable offset to pass them.
    const end = await eventually(
      async () => {
        const [stable] = await kafka.admin.topicOffsets(topic, 'read_committed');
        return stable!.high > highWhileOpen!.high && stable;
      },
      { what: 'the commit marker' },
    );
    const [committed] = await kafka.reader({ isolationLevel: 'read_committed' }).read([{ topic, partition: 0, from: 0, until: end!.high }]);
    const [everything] = await kafka.reader({ isolationLevel: 'read_uncommitted' }).read([{ topic, partition: 0, from: 0, until: end!.high }]);
    expect(text(committed!)).toEqual(['k=committed']);
    expect(text(everything!)).toEqual(['k=aborted', 'k=committed']);
    expect(await eventually(async () => (await kafka.admin.groupOffsets(groupId, [topic])).at(0))).toEqual({ topic, partition: 0, offset: 42 });
    await producer.close();
  });

  it('read_committed from inside interleaved transactions of several producers returns exactly the committed records', async () => {
    const topic = uniqueName('contract-txn-mix');
    await kafka.admin.createTopics([{ topic, partitions: 1 }]);
    const ids = ['a', 'b', 'c'];
    const producers = ids.map((id) => kafka.producer({ transactionalId: uniqueName(`contract-txn-mix-${id}`) }));
    const committed = new Set<string>();
    // Each round, the three producers' transactions interleave in the partition; in round r,
    // producer j commits when (r + j) % 3 === 0 and aborts otherwise, so every read below starts
    // inside two aborted transactions of different producers at once.
    for (let round = 0; round < 4; round++) {
      const txns = await Promise.all(producers.map((p) => p.transaction()));
      for (let step = 0; step < 3; step++) {
        for (let j = 0; j < 3; j++) {
          await txns[j]!.send([0, 1].map((n) => ({ topic, key: 'k', value: `${ids[j]}${round}.${step}.${n}` })));
        }
      }
      for (let j = 0; j < 3; j++) {
        if ((round + j) % 3 === 0) {
          await txns[j]!.commit();
          for (let step = 0; step < 3; step++) for (const n of [0, 1]) committed.add(`${ids[j]}${round}.${step}.${n}`);
        } else await txns[j]!.abort();
      }
    }
    const [high] = await kafka.admin.topicOffsets(topic, 'read_uncommitted');
    const end = await eventually(async () => {
      const [stable] = await kafka.admin.topicOffsets(topic, 'read_committed');
      return stable!.high >= high!.high && stable!.high;
    });
    const [everything] = await kafka.reader({ isolationLevel: 'read_uncommitted' }).read([{ topic, partition: 0, from: 0, until: end! }]);
    const reader = kafka.reader({ isolationLevel: 'read_committed' });
    for (let from = 0; from < end!; from++) {
      const [got] = await reader.read([{ topic, partition: 0, from, until: end! }]);
      const want = everything!.filter((r) => r.offset >= from && committed.has(String(r.value))).map((r) => String(r.value));
      expect(
        got!.map((r) => String(r.value)),
        `from ${from}`,
      ).toEqual(want);
    }
    await Promise.all(producers.map((p) => p.close()));
  });

  it('connect() of a transactional producer fences an older one with the same id at once: its open transaction is aborted, its commit fails', async () => {
    const topic = uniqueName('contract-fence');
    const id = uniqueName('contract-fence-id');
    await kafka.admin.createTopics([{ topic, partitions: 1 }]);
    const old = kafka.producer({ transactionalId: id });
    const open = await old.transaction();
    await open.send([{ topic, key: 'k', value: 'zombie' }]);
    const newer = kafka.producer({ transactionalId: id });
    await newer.connect();
    // No transaction of the newer one yet: its connect alone settled the old transaction.
    const [high] = await kafka.admin.topicOffsets(topic, 'read_uncommitted');
    await eventually(async () => (await kafka.admin.topicOffsets(topic, 'read_committed'))[0]!.high >= high!.high, { what: 'the abort marker' });
    await expect(open.commit()).rejects.toMatchObject({ code: 'KAFKA_PRODUCER_FENCED' });
    const [records] = await kafka.reader({ isolationLevel: 'read_committed' }).read([{ topic, partition: 0, from: 0, until: high!.high }]);
    expect(text(records!)).toEqual([]);
    await Promise.all([old.close(), newer.close()]);
  });
}
