/**
 * Whole queries through the engine with the Kafka source and sink, run against the embedded broker
 * (unit) and the real broker (integration): the same query must give the same results on both.
 */
import { pino } from 'pino';
import { count, Stream, StreamingSession, window, type Logger } from '@streamlab/core';
import { afterAll, expect, it } from 'vitest';
import { z } from 'zod';
import type { KafkaClient, KafkaRecord } from '../port.js';
import { DEFAULT_MAX_MESSAGE_BYTES, singleRecordBatchBytes } from '../record-size.js';
import { kafkaSink } from '../sink/kafka-sink.js';
import { DLQ_HEADERS } from '../source/dead-letter.js';
import { decodeJson } from '../source/decode.js';
import { kafkaSource } from '../source/kafka-source.js';
import { eventually, uniqueName } from './kafka-test.js';

const Event = z.object({ key: z.string(), ts: z.number() });
const BASE = Date.UTC(2026, 0, 1);
const KEYS = 10;

/** The contract's query: a 1-minute windowed count per key, update mode, checkpointed in memory. */
function windowCounts(client: KafkaClient, input: string, queryName: string, maxOffsetsPerTrigger?: number) {
  return Stream.fromSource(
    kafkaSource({
      client,
      subscribe: input,
      startingOffsets: 'earliest',
      decode: decodeJson(Event),
      ...(maxOffsetsPerTrigger ? { maxOffsetsPerTrigger } : {}),
    }),
  )
    .withWatermark('ts', '1 hour')
    .groupBy(window('ts', '1 minute'), 'key')
    .agg({ n: count() })
    .writeStream.outputMode('update')
    .option('checkpointLocation', `memory:${queryName}`)
    .queryName(queryName);
}

/**
 * Registers the pipeline tests for the client `make()` returns (called once).
 *
 * @example
 * describe('pipeline on my adapter', () => kafkaPipelineContract(() => createMyKafkaClient()));
 */
export function kafkaPipelineContract(make: () => KafkaClient): void {
  const client = make();
  afterAll(() => client.close());

  it('windowed count, Kafka topic to Kafka topic (exactly-once), restarted from its checkpoint midway: the counts of the whole input', async () => {
    const input = uniqueName('pipe-in');
    const output = uniqueName('pipe-out');
    const queryName = uniqueName('pipe');
    await client.admin.createTopics([{ topic: input, partitions: 3 }]);
    const events = Array.from({ length: 3000 }, (_, i) => ({ key: `k${i % KEYS}`, ts: BASE + i * 1000 }));
    const bad = { topic: input, key: 'k0', value: '{"key":"k0"}' }; // no ts: dead-lettered, not counted
    const send = (from: number, to: number) =>
      client.producer().send([...events.slice(from, to).map((e) => ({ topic: input, key: e.key, value: JSON.stringify(e) })), bad]);

    const session = new StreamingSession({ logger: pino({ level: 'silent' }) as unknown as Logger });
    const start = () =>
      windowCounts(client, input, queryName, 700)
        .sink(
          kafkaSink({
            client,
            topic: output,
            guarantee: 'exactly-once',
            newTopicPartitions: 2,
            toRecord: (r) => ({ key: `${r.key}|${r.window.start}`, value: r }),
          }),
        )
        .session(session)
        .start();

    await send(0, 1500);
    const first = start();
    await first.processAllAvailable();
    await first.stop();
    expect(first.exception).toBeUndefined();
    await send(1500, 3000);
    const second = start();
    await second.processAllAvailable();
    await second.stop();
    expect(second.exception).toBeUndefined();
    // The restart resumed from the checkpoint: batch ids go on, and only the new records were read.
    const rowsRead = (q: typeof first) => q.recentProgress.reduce((n, p) => n + p.numInputRows, 0);
    expect(rowsRead(first)).toBe(1500);
    expect(rowsRead(second)).toBe(1500);
    expect(second.recentProgress[0]!.batchId).toBe(first.recentProgress.at(-1)!.batchId + 1);
    expect(first.recentProgress.length).toBeGreaterThanOrEqual(3); // maxOffsetsPerTrigger 700 split 1501 records
    // The source's metrics reach progress: lag while catching up, none at the end, the bad records counted.
    const metric = (p: { sources: { metrics?: Record<string, string | number> }[] }, name: string) => Number(p.sources[0]!.metrics?.[name]);
    expect(metric(first.recentProgress[0]!, 'offsetsBehindLatest')).toBeGreaterThan(0);
    expect(metric(first.recentProgress.at(-1)!, 'offsetsBehindLatest')).toBe(0);
    expect([...first.recentProgress, ...second.recentProgress].reduce((n, p) => n + metric(p, 'numInvalidRows'), 0)).toBe(2);

    const expected = new Map<string, number>();
    for (const e of events) {
      const k = `${e.key}|${e.ts - (e.ts % 60_000)}`;
      expected.set(k, (expected.get(k) ?? 0) + 1);
    }
    // Update mode: the last record per key (same key, same partition, offset order) is the final count.
    const offsets = await eventually(async () => {
      const o = await client.admin.topicOffsets(output, 'read_committed');
      return o.reduce((n, p) => n + p.high - p.low, 0) > 0 && o;
    });
    const records: KafkaRecord[] = (
      await client
        .reader({ isolationLevel: 'read_committed' })
        .read(offsets.map((p) => ({ topic: output, partition: p.partition, from: p.low, until: p.high })))
    ).flat();
    const final = new Map<string, number>();
    for (const r of records) final.set(r.key!.toString(), (JSON.parse(r.value!.toString()) as { n: number }).n);
    expect(final).toEqual(expected);
    // The dead letters were written in the sink's transactions (exactly-once): each commit marker takes an offset.
    const [dlq] = await client.admin.topicOffsets(`${input}-dlq`, 'read_committed');
    const [dead] = await client.reader({ isolationLevel: 'read_committed' }).read([{ topic: `${input}-dlq`, partition: 0, from: 0, until: dlq!.high }]);
    expect(dead).toHaveLength(2);
    expect(dlq!.high).toBe(4);
  });

  it('exactly-once: the dead letters of a batch that failed after reading are written once, with the replayed batch', async () => {
    const input = uniqueName('dlq-in');
    const output = uniqueName('dlq-out');
    const queryName = uniqueName('dlq');
    await client.admin.createTopics([{ topic: input, partitions: 2 }]);
    const good = Array.from({ length: 200 }, (_, i) => ({
      topic: input,
      key: `k${i % KEYS}`,
      value: JSON.stringify({ key: `k${i % KEYS}`, ts: BASE + i * 1000 }),
    }));
    const bad = ['{"key":', '{"key":"k1"}', '{"key":1,"ts":2}'].map((value, i) => ({ topic: input, key: `bad${i}`, value }));
    await client.producer().send([...good, ...bad]);
    let failures = 1; // the sink fails once, after the source read the batch (and found its bad records)
    const session = new StreamingSession({ logger: pino({ level: 'silent' }) as unknown as Logger });
    const start = () =>
      windowCounts(client, input, queryName)
        .sink(
          kafkaSink({
            client,
            topic: output,
            guarantee: 'exactly-once',
            toRecord: (r) => {
              if (failures > 0 && failures--) throw new Error('sink unavailable');
              return { key: `${r.key}|${r.window.start}`, value: r };
            },
          }),
        )
        .session(session)
        .start();

    const failed = start();
    await failed.processAllAvailable().catch(() => undefined);
    await failed.stop().catch(() => undefined);
    expect(String(failed.exception)).toMatch(/sink unavailable/);
    const replayed = start();
    await replayed.processAllAvailable();
    await replayed.stop();
    expect(replayed.exception).toBeUndefined();
    expect(replayed.recentProgress[0]!.batchId).toBe(0); // the failed batch was replayed

    const [dlq] = await client.admin.topicOffsets(`${input}-dlq`, 'read_committed');
    const [dead] = await client.reader({ isolationLevel: 'read_committed' }).read([{ topic: `${input}-dlq`, partition: 0, from: 0, until: dlq!.high }]);
    const origin = (r: KafkaRecord) =>
      r.headers
        .filter((h) => h.key.startsWith('streamlab.source.'))
        .map((h) => h.value!.toString())
        .join('/');
    expect(dead!.map((r) => r.key!.toString()).sort()).toEqual(['bad0', 'bad1', 'bad2']);
    expect(new Set(dead!.map(origin)).size).toBe(3);
  });

  it.each(['at-least-once', 'exactly-once'] as const)(
    '%s: an invalid record that only just fits its topic is dead-lettered whole, one too big for a smaller dead-letter topic is cut to fit, and the query goes on',
    async (guarantee) => {
      const input = uniqueName('big-in');
      const output = uniqueName('big-out');
      const queryName = uniqueName('big');
      const smallDlq = uniqueName('big-dlq-small');
      await client.admin.createTopics([{ topic: input, partitions: 1 }, { topic: smallDlq }]); // broker defaults
      // Invalid JSON, as large as the default max.message.bytes allows: its dead letter, with the
      // streamlab.* headers added, no longer fits a topic at the defaults.
      const huge = Buffer.alloc(1_048_512, 0x7b);
      expect(singleRecordBatchBytes({ value: huge })).toBeLessThanOrEqual(DEFAULT_MAX_MESSAGE_BYTES);
      const event = (i: number) => ({ topic: input, key: `k${i % KEYS}`, value: JSON.stringify({ key: `k${i % KEYS}`, ts: BASE + i * 1000 }) });
      const producer = client.producer();
      await producer.send(Array.from({ length: 50 }, (_, i) => event(i)));
      await producer.send([{ topic: input, key: null, value: huge }]);
      await producer.send(Array.from({ length: 50 }, (_, i) => event(50 + i)));

      const run = async (name: string, deadLetter: { topic?: string }) => {
        const session = new StreamingSession({ logger: pino({ level: 'silent' }) as unknown as Logger });
        const q = Stream.fromSource(kafkaSource({ client, subscribe: input, startingOffsets: 'earliest', decode: decodeJson(Event), deadLetter }))
          .withWatermark('ts', '1 hour')
          .groupBy(window('ts', '1 minute'), 'key')
          .agg({ n: count() })
          .writeStream.outputMode('update')
          .option('checkpointLocation', `memory:${name}`)
          .queryName(name)
          .sink(kafkaSink({ client, topic: output, guarantee, toRecord: (r) => ({ key: `${r.key}|${r.window.start}`, value: r }) }))
          .session(session)
          .start();
        await q.processAllAvailable();
        await q.stop();
        expect(q.exception).toBeUndefined();
        expect(q.recentProgress.reduce((n, p) => n + p.numInputRows, 0)).toBe(100); // the bad record is counted as invalid, not as input
      };
      const deadLetters = async (topic: string) => {
        const [o] = await client.admin.topicOffsets(topic, 'read_committed');
        const [records] = await client.reader({ isolationLevel: 'read_committed' }).read([{ topic, partition: 0, from: o!.low, until: o!.high }]);
        return records!;
      };
      const headerOf = (r: KafkaRecord, key: string) => r.headers.find((h) => h.key === key)?.value?.toString();

      // 1. The dead-letter topic the source creates allows its source's largest record: the dead letter is whole.
      await run(queryName, {});
      const [whole, ...more] = await deadLetters(`${input}-dlq`);
      expect(more).toHaveLength(0);
      expect(whole!.value!.equals(huge)).toBe(true);
      expect(headerOf(whole!, DLQ_HEADERS.error)).toMatch(/^malformed JSON/);
      expect(headerOf(whole!, DLQ_HEADERS.truncated)).toBeUndefined();
      expect(Number((await client.admin.topicConfigs(`${input}-dlq`))['max.message.bytes'])).toBeGreaterThan(DEFAULT_MAX_MESSAGE_BYTES);

      // 2. A dead-letter topic made beforehand at the defaults: the value is cut to fit, and the headers say so.
      await run(`${queryName}-small`, { topic: smallDlq });
      const [cut, ...others] = await deadLetters(smallDlq);
      expect(others).toHaveLength(0);
      expect(headerOf(cut!, DLQ_HEADERS.truncated)).toBe('value');
      expect(headerOf(cut!, DLQ_HEADERS.valueBytes)).toBe(String(huge.length));
      expect(headerOf(cut!, DLQ_HEADERS.offset)).toBe('50');
      expect(cut!.value!.length).toBeGreaterThan(1_040_000);
      expect(cut!.value!.equals(huge.subarray(0, cut!.value!.length))).toBe(true);
      await producer.close();
    },
    60_000,
  );
}
