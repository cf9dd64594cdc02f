/**
 * The Kafka sink's behaviour, as tests run against the embedded broker (unit) and the real broker
 * (integration).
 */
import { pino } from 'pino';
import type { BatchInfo, SinkContext } from '@streamlab/core';
import { afterAll, expect, it } from 'vitest';
import type { KafkaClient, KafkaRecord } from '../port.js';
import { kafkaSink, defaultTransactionalId } from '../sink/kafka-sink.js';
import { eventually, uniqueName } from './kafka-test.js';

/**
 * A minimal `BatchInfo` for driving a sink without the engine.
 *
 * @example
 * await sink.addBatch(rows, testBatchInfo(0));
 */
export function testBatchInfo(batchId: number): BatchInfo {
  return {
    batchId,
    outputMode: 'append',
    watermarkMs: 0,
    batchTimestampMs: 0,
    endOffsets: {},
    removed: [],
    keyFields: [],
    progress: {
      id: 'q',
      runId: 'r',
      name: null,
      batchId,
      timestamp: new Date(0).toISOString(),
      numInputRows: 0,
      inputRowsPerSecond: 0,
      processedRowsPerSecond: 0,
      durationMs: {},
      eventTime: {},
      stateOperators: [],
      sources: [],
    },
  };
}

const ctx = (queryName: string): SinkContext => ({ queryId: 'qid', runId: 'rid', queryName, outputMode: 'append', logger: pino({ level: 'silent' }) });

/**
 * Registers the Kafka sink tests for the client `make()` returns (called once).
 *
 * @example
 * describe('kafkaSink on my adapter', () => kafkaSinkContract(() => createMyKafkaClient()));
 */
export function kafkaSinkContract(make: () => KafkaClient): void {
  const client = make();
  afterAll(() => client.close());

  const readAll = async (topic: string, isolationLevel: 'read_committed' | 'read_uncommitted', expectedAtLeast: number): Promise<KafkaRecord[]> => {
    const offsets = await eventually(
      async () => {
        const o = await client.admin.topicOffsets(topic, isolationLevel);
        return o.reduce((n, p) => n + p.high, 0) >= expectedAtLeast && o;
      },
      { what: `${expectedAtLeast} offsets in ${topic}` },
    );
    const parts = await client.reader({ isolationLevel }).read(offsets.map((p) => ({ topic, partition: p.partition, from: p.low, until: p.high })));
    return parts.flat();
  };

  it('at-least-once: JSON-encodes object values, honours per-row topic, key, headers and partition, creates topics', async () => {
    const main = uniqueName('sink-main');
    const other = uniqueName('sink-other');
    const sink = kafkaSink<{ topic?: string; key: string; value: unknown; headers?: Record<string, string>; partition?: number }>({
      client,
      topic: main,
      newTopicPartitions: 3,
    });
    await sink.open(ctx(uniqueName('q')));
    await sink.addBatch(
      [
        { key: 'a', value: { n: 1 }, headers: { source: 'test' } },
        { key: 'b', value: 'plain', partition: 2 },
        { topic: other, key: 'c', value: { n: 3 } },
      ],
      testBatchInfo(0),
    );
    await sink.close();
    expect(await client.admin.partitions(main)).toEqual([0, 1, 2]);
    const rows = await readAll(main, 'read_uncommitted', 2);
    const byKey = new Map(rows.map((r) => [r.key!.toString(), r]));
    expect(byKey.get('a')!.value!.toString()).toBe('{"n":1}');
    expect(byKey.get('a')!.headers).toEqual([{ key: 'source', value: Buffer.from('test') }]);
    expect(byKey.get('b')).toMatchObject({ partition: 2, value: Buffer.from('plain') });
    const [otherRow] = await readAll(other, 'read_uncommitted', 1);
    expect(otherRow!.value!.toString()).toBe('{"n":3}');
  });

  for (const guarantee of ['at-least-once', 'exactly-once'] as const) {
    it(`${guarantee}: a batch in many produce requests writes every row once and each key's rows in order`, async () => {
      const topic = uniqueName('sink-requests');
      await client.admin.createTopics([{ topic, partitions: 6 }]);
      // ~8 rows of a partition per request: about 40 requests.
      const sink = kafkaSink<{ key: string; value: string }>({ client, topic, guarantee, 'kafka.batch.size': 200 });
      await sink.open(ctx(uniqueName('q')));
      const rows = Array.from({ length: 2000 }, (_, i) => ({ key: `k${i % 37}`, value: String(i) }));
      await sink.addBatch(rows, testBatchInfo(0));
      await sink.close();
      const written = await readAll(topic, guarantee === 'exactly-once' ? 'read_committed' : 'read_uncommitted', rows.length);
      expect(written).toHaveLength(rows.length);
      const byKey = new Map<string, string[]>();
      for (const r of written) byKey.set(r.key!.toString(), [...(byKey.get(r.key!.toString()) ?? []), r.value!.toString()]);
      for (const [key, values] of byKey) expect(values, key).toEqual(rows.filter((r) => r.key === key).map((r) => r.value));
    });
  }

  it('exactly-once: a replayed batch is not written twice, also after a restart', async () => {
    const topic = uniqueName('sink-eos');
    const queryName = uniqueName('q');
    const first = kafkaSink<{ value: number }>({ client, topic, guarantee: 'exactly-once' });
    await first.open(ctx(queryName));
    await first.addBatch([{ value: 1 }, { value: 2 }], testBatchInfo(0));
    await first.addBatch([{ value: 3 }], testBatchInfo(1));
    await first.addBatch([{ value: 3 }], testBatchInfo(1)); // replay in the same run
    expect(first.skippedBatches).toBe(1);
    await first.close();

    const restarted = kafkaSink<{ value: number }>({ client, topic, guarantee: 'exactly-once' });
    await restarted.open(ctx(queryName));
    await restarted.addBatch([{ value: 3 }], testBatchInfo(1)); // replay after the restart
    await restarted.addBatch([{ value: 4 }], testBatchInfo(2));
    expect(restarted.skippedBatches).toBe(1);
    await restarted.close();

    const values = (await readAll(topic, 'read_committed', 4)).map((r) => r.value!.toString());
    expect(values).toEqual(['1', '2', '3', '4']);
  });

  it('exactly-once: two queries of one name writing different topics do not fence each other (two use cases on one broker)', async () => {
    const name = uniqueName('alerts-to-kafka');
    const [a, b] = [uniqueName('uc-a.alerts'), uniqueName('uc-b.alerts')];
    await client.admin.createTopics([{ topic: a }, { topic: b }]);
    const sinkA = kafkaSink<{ value: string }>({ client, topic: a, guarantee: 'exactly-once' });
    const sinkB = kafkaSink<{ value: string }>({ client, topic: b, guarantee: 'exactly-once' });
    await sinkA.open(ctx(name));
    await sinkB.open(ctx(name));
    await sinkA.addBatch([{ value: 'a1' }], testBatchInfo(0));
    await sinkB.addBatch([{ value: 'b1' }], testBatchInfo(0));
    await sinkA.addBatch([{ value: 'a2' }], testBatchInfo(1));
    // neither skipped a batch as another's: their batch markers are their own
    expect([sinkA.skippedBatches, sinkB.skippedBatches]).toEqual([0, 0]);
    await sinkA.close();
    await sinkB.close();
    expect((await readAll(a, 'read_committed', 2)).map((r) => r.value!.toString())).toEqual(['a1', 'a2']);
    expect((await readAll(b, 'read_committed', 1)).map((r) => r.value!.toString())).toEqual(['b1']);
  });

  it('exactly-once: a crashed writer’s open transaction is aborted when the query restarts', async () => {
    const topic = uniqueName('sink-zombie');
    const queryName = uniqueName('q');
    await client.admin.createTopics([{ topic }]);
    const zombie = client.producer({ transactionalId: defaultTransactionalId(queryName, topic) });
    const txn = await zombie.transaction();
    await txn.send([{ topic, value: 'half-written' }]);

    const sink = kafkaSink<{ value: string }>({ client, topic, guarantee: 'exactly-once' });
    await sink.open(ctx(queryName));
    await sink.addBatch([{ value: 'batch-0' }], testBatchInfo(0));
    await sink.close();
    await expect(txn.commit()).rejects.toMatchObject({ code: 'KAFKA_PRODUCER_FENCED' });

    const committed = (await readAll(topic, 'read_committed', 2)).map((r) => r.value!.toString());
    expect(committed).toEqual(['batch-0']);
    await zombie.close().catch(() => undefined);
  });

  it('rejects rows without a topic or a value with a clear error', async () => {
    const sink = kafkaSink<Record<string, unknown>>({ client });
    await sink.open(ctx(uniqueName('q')));
    await expect(sink.addBatch([{ value: 1 }], testBatchInfo(0))).rejects.toMatchObject({ code: 'KAFKA_SINK_NO_TOPIC' });
    await expect(sink.addBatch([{ topic: 't', n: 1 }], testBatchInfo(0))).rejects.toMatchObject({ code: 'KAFKA_SINK_NO_VALUE' });
    await sink.close();
  });
}
