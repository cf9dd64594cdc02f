/**
 * The Kafka source's behaviour, as tests run against the embedded broker (unit) and the real
 * broker (integration): the same cases must give the same results on both.
 */
import { StreamlabError } from '@streamlab/core';
import { afterAll, expect, it } from 'vitest';
import { z } from 'zod';
import type { KafkaClient, KafkaRecord, OutgoingRecord } from '../port.js';
import { decodeJson } from '../source/decode.js';
import { DLQ_HEADERS } from '../source/dead-letter.js';
import { kafkaSource, type KafkaRow } from '../source/kafka-source.js';
import { driveSource } from './drive-source.js';
import { eventually, uniqueName } from './kafka-test.js';

const values = (rows: readonly KafkaRow[]) => rows.map((r) => r.value!.toString()).sort();
const seq = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

/**
 * Registers the Kafka source tests for the client `make()` returns (called once).
 *
 * @example
 * describe('kafkaSource on my adapter', () => kafkaSourceContract(() => createMyKafkaClient()));
 */
export function kafkaSourceContract(make: () => KafkaClient): void {
  const client = make();
  afterAll(() => client.close());
  const topicWith = async (partitions: number, records: (topic: string) => OutgoingRecord[] = () => []) => {
    const topic = uniqueName('src');
    await client.admin.createTopics([{ topic, partitions }]);
    const batch = records(topic);
    if (batch.length) await client.producer().send(batch);
    return topic;
  };

  it('startingOffsets earliest reads everything; latest only what arrives after the start', async () => {
    const topic = await topicWith(2, (t) => seq(10, (i) => ({ topic: t, key: `k${i}`, value: `old${i}` })));
    const earliest = await driveSource(kafkaSource({ client, subscribe: topic, startingOffsets: 'earliest' }));
    expect(values(earliest.batches.flatMap((b) => b.rows))).toEqual(seq(10, (i) => `old${i}`).sort());

    const latest = kafkaSource({ client, subscribe: topic, startingOffsets: 'latest' });
    const before = await driveSource(latest);
    expect(before.batches).toEqual([]);
    await client.producer().send(seq(5, (i) => ({ topic, key: `k${i}`, value: `new${i}` })));
    const after = await driveSource(latest, { from: before.last, started: true });
    expect(values(after.batches.flatMap((b) => b.rows))).toEqual(seq(5, (i) => `new${i}`));
  });

  it('startingOffsets JSON: -2 is earliest, -1 latest, numbers exact', async () => {
    const topic = await topicWith(3, (t) => [0, 1, 2].flatMap((p) => seq(4, (i) => ({ topic: t, partition: p, value: `p${p}-${i}` }))));
    const source = kafkaSource({ client, subscribe: [topic], startingOffsets: JSON.stringify({ [topic]: { '0': -2, '1': -1, '2': 3 } }) });
    const { batches } = await driveSource(source);
    expect(values(batches.flatMap((b) => b.rows))).toEqual(['p0-0', 'p0-1', 'p0-2', 'p0-3', 'p2-3']);
    const missing = kafkaSource({ client, subscribe: topic, startingOffsets: { [topic]: { '0': 0 } } });
    await expect(driveSource(missing)).rejects.toMatchObject({ code: 'KAFKA_BAD_OFFSETS' });
  });

  it('maxOffsetsPerTrigger splits each batch by backlog and commits consumed offsets to the group', async () => {
    const topic = await topicWith(2, (t) => [
      ...seq(100, (i) => ({ topic: t, partition: 0, value: `a${i}` })),
      ...seq(20, (i) => ({ topic: t, partition: 1, value: `b${i}` })),
    ]);
    const groupId = uniqueName('src-group');
    const source = kafkaSource({ client, subscribe: topic, startingOffsets: 'earliest', maxOffsetsPerTrigger: 30, groupId });
    const { batches } = await driveSource(source);
    expect(batches[0]!.end).toEqual({ [topic]: { '0': 25, '1': 5 } });
    expect(batches[0]!.metrics).toMatchObject({ offsetsBehindLatest: 90, maxOffsetsBehindLatest: 75, minOffsetsBehindLatest: 15 });
    expect(source.reportLatestOffset()).toEqual({ [topic]: { '0': 100, '1': 20 } });
    expect(batches.every((b) => b.rows.length <= 30)).toBe(true);
    expect(batches.flatMap((b) => b.rows)).toHaveLength(120);
    expect(batches.at(-1)!.metrics['offsetsBehindLatest']).toBe(0);
    await source.stop(); // group commits go in the background; stop waits for the last one
    expect(await client.admin.groupOffsets(groupId, [topic])).toEqual([
      { topic, partition: 0, offset: 100 },
      { topic, partition: 1, offset: 20 },
    ]);
  });

  it('assign reads only the assigned partitions; subscribePattern every matching topic', async () => {
    const topic = await topicWith(3, (t) => [0, 1, 2].map((p) => ({ topic: t, partition: p, value: `p${p}` })));
    const assigned = await driveSource(kafkaSource({ client, assign: { [topic]: [0, 2] }, startingOffsets: 'earliest' }));
    expect(values(assigned.batches.flatMap((b) => b.rows))).toEqual(['p0', 'p2']);

    const prefix = uniqueName('pattern');
    for (const suffix of ['1', '2', 'x']) {
      await client.admin.createTopics([{ topic: `${prefix}-${suffix}` }]);
      await client.producer().send([{ topic: `${prefix}-${suffix}`, value: suffix }]);
    }
    const source = kafkaSource({ client, subscribePattern: `${prefix}-\\d`, startingOffsets: 'earliest' });
    expect(source.description).toBe(`KafkaV2[SubscribePattern[^(?:${prefix}-\\d)$]]`);
    expect(values((await driveSource(source)).batches.flatMap((b) => b.rows))).toEqual(['1', '2']);
  });

  it('picks up new partitions of a subscribed topic from their beginning', async () => {
    const topic = await topicWith(1, (t) => [{ topic: t, value: 'first' }]);
    const source = kafkaSource({ client, subscribe: topic, startingOffsets: 'latest' });
    const start = await driveSource(source);
    await client.admin.createPartitions(topic, 3);
    await eventually(async () => (await client.admin.partitions(topic)).length === 3);
    // Idempotent: a retry after a partition-metadata race must not duplicate 'second'.
    await client.producer({ idempotent: true }).send([
      { topic, partition: 2, value: 'in-new-partition' },
      { topic, partition: 0, value: 'second' },
    ]);
    const next = await driveSource(source, { from: start.last, started: true });
    expect(values(next.batches.flatMap((b) => b.rows))).toEqual(['in-new-partition', 'second']);
    expect(Object.keys((next.last as Record<string, object>)[topic]!)).toEqual(['0', '1', '2']);
  });

  it('failOnDataLoss: deleted offsets fail the batch, or are skipped and counted when false', async () => {
    for (const failOnDataLoss of [true, false]) {
      const topic = await topicWith(1, (t) => seq(10, (i) => ({ topic: t, value: `v${i}` })));
      const source = kafkaSource({ client, subscribe: topic, startingOffsets: 'earliest', maxOffsetsPerTrigger: 4, failOnDataLoss });
      const first = await driveSource(source, { maxBatches: 1 });
      await client.admin.deleteRecords(topic, 0, 8);
      const next = driveSource(source, { from: first.last, started: true });
      if (failOnDataLoss) {
        const err = await next.catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StreamlabError);
        expect(err).toMatchObject({ code: 'KAFKA_DATA_LOSS' });
        expect((err as Error).message).toMatch(/offsets 4\.\.7 of .* were deleted/);
      } else {
        const { batches } = await next;
        expect(values(batches.flatMap((b) => b.rows))).toEqual(['v8', 'v9']);
        expect(batches[0]!.metrics['dataLossRecords']).toBe(4);
      }
    }
  });

  it('failOnDataLoss with a tiny-retention topic: records removed by retention are reported, or skipped and counted', async () => {
    // Real broker: 1-second retention on 1 KiB segments; embedded broker: keep the last 5 records.
    const configs: Record<string, string> =
      client.kind === 'embedded' ? { 'retention.records': '5' } : { 'retention.ms': '1000', 'segment.bytes': '1024', 'segment.ms': '200' };
    for (const failOnDataLoss of [true, false]) {
      const topic = uniqueName('src-retention');
      await client.admin.createTopics([{ topic, partitions: 1, configs }]);
      const producer = client.producer();
      await producer.send(seq(3, (i) => ({ topic, value: `early${i}` })));
      const source = kafkaSource({ client, subscribe: topic, startingOffsets: 'earliest', failOnDataLoss });
      const first = await driveSource(source);
      expect(values(first.batches.flatMap((b) => b.rows))).toEqual(['early0', 'early1', 'early2']);
      // More records, one per request (one segment each on the real broker), then wait for retention to drop the first of them.
      for (let i = 0; i < 20; i++) await producer.send([{ topic, value: `late${String(i).padStart(2, '0')}` }]);
      await eventually(
        async () => {
          if ((await client.admin.topicOffsets(topic))[0]!.low > 3) return true;
          await producer.send([{ topic, value: 'nudge' }]);
          return false;
        },
        {
          timeoutMs: 30_000,
          what: 'retention to delete records',
        },
      );
      const next = driveSource(source, { from: first.last, started: true });
      if (failOnDataLoss) {
        await expect(next).rejects.toMatchObject({ code: 'KAFKA_DATA_LOSS' });
      } else {
        const { batches } = await next;
        const lost = batches.reduce((n, b) => Math.max(n, Number(b.metrics['dataLossRecords'])), 0);
        const read = batches.flatMap((b) => b.rows).length;
        expect(lost).toBeGreaterThan(0);
        const high = (await client.admin.topicOffsets(topic))[0]!.high;
        expect(3 + lost + read).toBe(high);
      }
    }
  });

  it('includeHeaders adds record headers to rows; without it rows have none', async () => {
    const headers = [{ key: 'trace', value: Buffer.from('abc') }];
    const topic = await topicWith(1, (t) => [{ topic: t, key: 'k', value: 'v', headers }]);
    const [withHeaders] = (await driveSource(kafkaSource({ client, subscribe: topic, startingOffsets: 'earliest', includeHeaders: true }))).batches[0]!.rows;
    const [without] = (await driveSource(kafkaSource({ client, subscribe: topic, startingOffsets: 'earliest' }))).batches[0]!.rows;
    expect(withHeaders).toMatchObject({ key: Buffer.from('k'), value: Buffer.from('v'), topic, partition: 0, offset: 0, timestampType: 0, headers });
    expect(without).not.toHaveProperty('headers');
  });

  it('tracks the highest event time per partition, so a lagging partition holds the watermark back', async () => {
    const E = z.object({ ts: z.number() });
    const topic = await topicWith(2, (t) => [
      ...[100_000, 160_000, 130_000].map((ts) => ({ topic: t, partition: 0, value: JSON.stringify({ ts }) })),
      ...[20_000, 30_000].map((ts) => ({ topic: t, partition: 1, value: JSON.stringify({ ts }) })),
    ]);
    const source = kafkaSource({ client, subscribe: topic, startingOffsets: 'earliest', decode: decodeJson(E), eventTimeField: 'ts' });
    const { batches } = await driveSource(source);
    expect(source.partitionEventTimes()).toEqual({ [`${topic}-0`]: 160_000, [`${topic}-1`]: 30_000 });
    expect(source.partitionWatermark(10_000)).toBe(20_000);
    expect(batches.at(-1)!.metrics).toMatchObject({ minPartitionEventTimeMs: 30_000, maxPartitionEventTimeMs: 160_000, partitionEventTimeSkewMs: 130_000 });
  });

  it('a shard reads only its partitions (p % count === index), and shards together read everything once', async () => {
    const topic = await topicWith(4, (t) => seq(40, (i) => ({ topic: t, partition: i % 4, value: `v${i}` })));
    const rowsOf = async (index: number) =>
      (await driveSource(kafkaSource({ client, subscribe: topic, startingOffsets: 'earliest', shard: { index, count: 2 } }))).batches.flatMap((b) => b.rows);
    const [a, b] = [await rowsOf(0), await rowsOf(1)];
    expect([...new Set(a.map((r) => r.partition))].sort()).toEqual([0, 2]);
    expect([...new Set(b.map((r) => r.partition))].sort()).toEqual([1, 3]);
    expect([...a, ...b].map((r) => r.value!.toString()).sort()).toEqual(seq(40, (i) => `v${i}`).sort());
  });

  it('replaying a batch with its recorded offsets reads the same records', async () => {
    const topic = await topicWith(2, (t) => seq(50, (i) => ({ topic: t, key: `k${i % 7}`, value: `v${i}` })));
    const source = kafkaSource({ client, subscribe: topic, startingOffsets: 'earliest', maxOffsetsPerTrigger: 20 });
    const { batches } = await driveSource(source);
    const second = batches[1]!;
    expect(await source.getBatch(second.start, second.end)).toEqual(second.rows);
  });

  it('decodeJson: 10,000 records, one in ten bad: good ones decoded, bad ones in the dead-letter topic with their reason', async () => {
    const Event = z.object({ id: z.number(), kind: z.string(), ts: z.number() });
    const bad = ['{"id":', '{"id":"x","kind":"a","ts":1}', '{"id":1,"kind":"a"}', JSON.stringify({ id: 1, kind: 'x'.repeat(600), ts: 1 })];
    const topic = await topicWith(3, (t) =>
      seq(10_000, (i) => i).map((i) => ({
        topic: t,
        key: `k${i % 13}`,
        value: i % 10 === 9 ? bad[((i / 10) % 4) | 0]! : JSON.stringify({ id: i, kind: 'ok', ts: 1_000 + i }),
      })),
    );
    const dlq = `${topic}-dlq`;
    const source = kafkaSource({
      client,
      subscribe: topic,
      startingOffsets: 'earliest',
      maxOffsetsPerTrigger: 3000,
      decode: decodeJson(Event, { maxBytes: 512 }),
    });
    const { batches } = await driveSource(source);
    const rows = batches.flatMap((b) => b.rows);
    expect(rows).toHaveLength(9000);
    expect(new Set(rows.map((r) => r.id)).size).toBe(9000);
    expect(batches.map((b) => b.metrics['numInvalidRows']).reduce((a, b) => Number(a) + Number(b), 0)).toBe(1000);
    expect(batches.at(-1)!.metrics['numInvalidRowsTotal']).toBe(1000);

    const high = await eventually(async () => {
      const offsets = await client.admin.topicOffsets(dlq);
      return offsets[0]!.high >= 1000 && offsets[0]!.high;
    });
    const [dead] = await client.reader().read([{ topic: dlq, partition: 0, from: 0, until: high }]);
    expect(dead).toHaveLength(1000);
    const header = (r: KafkaRecord, key: string) => r.headers.find((h) => h.key === key)?.value?.toString();
    const reasons = new Set(
      dead!.map((r) =>
        header(r, DLQ_HEADERS.error)!
          .replace(/:.*$/, '')
          .replace(/^value is \d+ bytes/, 'value is N bytes'),
      ),
    );
    expect(reasons).toEqual(new Set(['malformed JSON', 'invalid at id', 'invalid at ts', 'value is N bytes, over the limit of 512']));
    const originals = new Set(dead!.map((r) => `${header(r, DLQ_HEADERS.topic)}/${header(r, DLQ_HEADERS.partition)}/${header(r, DLQ_HEADERS.offset)}`));
    expect(originals.size).toBe(1000);
    expect([...originals].every((o) => o.startsWith(`${topic}/`))).toBe(true);
    await source.stop();
  });
}
