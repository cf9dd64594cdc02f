/**
 * The automatic repartition on the embedded broker: a keyed operator over input not partitioned by
 * its key gets a repartition stage, and the scaled query gives the result of one plain engine query
 * over the same input; input partitioned by the key gets none.
 */
import { count, MemoryStream, Stream, window } from '@streamlab/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EmbeddedBroker } from '../embedded/embedded-broker.js';
import { createEmbeddedKafka } from '../embedded/embedded-client.js';
import type { KafkaClient, OutgoingRecord } from '../port.js';
import { decodeJson } from '../source/decode.js';
import { KafkaSource } from '../source/kafka-source.js';
import { columnsKey, functionKey } from './partition-key.js';
import { scaleOut } from './scale-out.js';
import type { TaskContext } from './task-context.js';

const PARTITIONS = 3;
/** Event times start here (a row at 0 would meet the initial watermark of 0). */
const T0 = 100_000;
const Click = z.object({ user: z.string(), device: z.string(), ts: z.number() });
type Click = z.infer<typeof Click>;
const Impression = z.object({ adId: z.string(), userId: z.string(), shownAt: z.number() });
type Impression = z.infer<typeof Impression>;
const Ad = z.object({ adId: z.string(), userId: z.string(), clickedAt: z.number() });
type AdClick = z.infer<typeof Ad>;
const Tx = z.object({ txId: z.string(), terminal: z.string(), ts: z.number() });
type Tx = z.infer<typeof Tx>;

/** 6 users, each clicking from 6 devices every second of 30 s; the topic is keyed (murmur2) by device. */
function clicks(): Click[] {
  const out: Click[] = [];
  for (let s = 0; s < 30; s++) for (let u = 0; u < 6; u++) for (let d = 0; d < 6; d++) out.push({ user: `u${u}`, device: `d${d}`, ts: T0 + s * 1000 });
  return out;
}

const perUser = (s: Stream<Click>) => s.withWatermark('ts', '1 minute').groupBy(window('ts', '10 seconds'), 'user').agg({ n: count() });
const perDevice = (s: Stream<Click>) => s.withWatermark('ts', '1 minute').groupBy(window('ts', '10 seconds'), 'device').agg({ n: count() });
const windowRow = (r: { window: { start: number }; n: number; [k: string]: unknown }) => JSON.stringify({ ...r, window: r.window.start });

async function setup(topics: Record<string, number>) {
  const broker = new EmbeddedBroker();
  const client = createEmbeddedKafka({ broker });
  await client.admin.createTopics(Object.entries(topics).map(([topic, partitions]) => ({ topic, partitions })));
  return { broker, client };
}

/** The rows of one plain engine query (one process, no partitions) over `inputs`, as canonical text. */
// biome-ignore lint/suspicious/noExplicitAny: each input stream of a plain query has its own row type
type AnyStream = Stream<any>;

async function plain<R>(build: (...streams: AnyStream[]) => Stream<R>, canon: (row: R) => string, ...inputs: unknown[][]): Promise<string[]> {
  const sources = inputs.map(() => new MemoryStream<unknown>());
  const out: string[] = [];
  const q = build(...sources.map((s) => s.toStream() as AnyStream))
    .writeStream.outputMode('append')
    .foreachBatch((rows) => {
      for (const r of rows) out.push(canon(r));
    })
    .start();
  sources.forEach((s, i) => s.addData(inputs[i]!));
  await q.processAllAvailable();
  await q.stop();
  return out.sort();
}

/** Every record of `topic` read_committed: the scaled query's output values. */
async function committed(client: KafkaClient, topic: string): Promise<string[]> {
  const parts = await client.admin.topicOffsets(topic, 'read_committed');
  const recs = await client
    .reader({ isolationLevel: 'read_committed' })
    .read(parts.map((p) => ({ topic, partition: p.partition, from: p.low, until: p.high })));
  return recs
    .flat()
    .map((r) => r.value!.toString())
    .sort();
}

async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The application's group committed (in its tasks' transactions) the end of each topic, in order: upstream stages first. */
async function drained(client: KafkaClient, app: string, topics: readonly string[]): Promise<void> {
  const sum = (xs: readonly { offset?: number; high?: number }[]) => xs.reduce((n, x) => n + (x.offset ?? x.high ?? 0), 0);
  for (const topic of topics) {
    await until(
      async () => sum(await client.admin.groupOffsets(app, [topic])) >= sum(await client.admin.topicOffsets(topic, 'read_committed')),
      `${app} read all of ${topic}`,
    );
  }
}

const send = (client: KafkaClient, topic: string, rows: readonly unknown[], key: (row: never) => string) =>
  client.producer().send(rows.map((r): OutgoingRecord => ({ topic, key: key(r as never), value: JSON.stringify(r) })));

function repartitionTopics(broker: EmbeddedBroker): string[] {
  return broker
    .listTopics()
    .filter((t) => t.endsWith('-repartition'))
    .sort();
}

describe('automatic repartition', () => {
  it('a groupBy on a column the input is not partitioned by goes through <app>-aggregate-0-repartition and gives the plain query result', async () => {
    const { broker, client } = await setup({ clicks: PARTITIONS });
    const app = scaleOut({
      applicationId: 'ca',
      client,
      topics: 'clicks',
      query: (task) =>
        perUser(Stream.fromSource(task.kafkaSource({ topic: 'clicks', startingOffsets: 'earliest', decode: decodeJson(Click), partitionedBy: 'device' }))),
      output: { topic: 'out', toRecord: (r) => ({ key: r.user, value: windowRow(r) }) },
      trigger: { processingTime: 10 },
    });
    expect(app.repartitions()).toEqual([{ name: 'aggregate-0', topic: 'ca-aggregate-0-repartition', key: 'user', automatic: true }]);
    expect(app.explain()).toContain('repartition aggregate-0 (automatic): writes ca-aggregate-0-repartition, key user\n  EventTimeWatermark [ts, 60000 ms]');
    // the stage after the repartition declares the watermark again
    expect(app.explain()).toMatch(
      /query: writes out\n {2}Aggregate .*\n {4}EventTimeWatermark \[ts, 60000 ms\]\n {6}Source \[KafkaV2\[Assign\[ca-aggregate-0-repartition-0\]\]\]/,
    );
    const instances = await app.start({ instances: 3 });
    const data = clicks();
    const flush = ['u0', 'u1', 'u2', 'u3', 'u4', 'u5'].map((user) => ({ user, device: 'd0', ts: 1_000_000 }));
    await send(client, 'clicks', data, (c: Click) => c.device);
    // windows close only once every row reached its user's task, so no row is late behind the flush
    await drained(client, 'ca', ['clicks', 'ca-aggregate-0-repartition']);
    await send(client, 'clicks', flush, (c: Click) => c.device);
    const expected = await plain(perUser, windowRow, [...data, ...flush]);
    expect(expected).toHaveLength(6 * 3);
    await until(async () => (await committed(client, 'out')).length >= expected.length, 'every closed window');
    await Promise.all(instances.map((i) => i.stop()));
    expect(await committed(client, 'out')).toEqual(expected);
    expect(repartitionTopics(broker)).toEqual(['ca-aggregate-0-repartition']);
    expect(broker.partitionCount('ca-aggregate-0-repartition')).toBe(PARTITIONS);
  });

  it('a groupBy on the declared partitioning column creates no repartition topic', async () => {
    const { broker, client } = await setup({ clicks: PARTITIONS });
    const app = scaleOut({
      applicationId: 'cd',
      client,
      topics: 'clicks',
      query: (task) =>
        perDevice(Stream.fromSource(task.kafkaSource({ topic: 'clicks', startingOffsets: 'earliest', decode: decodeJson(Click), partitionedBy: 'device' }))),
      output: { topic: 'out', toRecord: (r) => ({ key: r.device, value: windowRow(r) }) },
      trigger: { processingTime: 10 },
    });
    expect(app.repartitions()).toEqual([]);
    const instances = await app.start({ instances: 3 });
    const data = clicks();
    await send(client, 'clicks', data, (c: Click) => c.device);
    await drained(client, 'cd', ['clicks']);
    const flush = ['d0', 'd1', 'd2', 'd3', 'd4', 'd5'].map((device) => ({ user: 'u0', device, ts: 1_000_000 }));
    await send(client, 'clicks', flush, (c: Click) => c.device);
    const expected = await plain(perDevice, windowRow, [...data, ...flush]);
    await until(async () => (await committed(client, 'out')).length >= expected.length, 'every closed window');
    await Promise.all(instances.map((i) => i.stop()));
    expect(await committed(client, 'out')).toEqual(expected);
    expect(repartitionTopics(broker)).toEqual([]);
  });

  it('a stream-stream join repartitions only the side not keyed by the join key, into the declared side partitions', async () => {
    const { broker, client } = await setup({ imp: PARTITIONS, clk: PARTITIONS });
    const join = (imp: Stream<Impression>, clk: Stream<AdClick>) =>
      imp.withWatermark('shownAt', '1 minute').join(clk.withWatermark('clickedAt', '1 minute'), 'adId', 'inner', {
        timeRange: { leftTime: 'shownAt', rightTime: 'clickedAt', min: 0, max: '10 seconds' },
      });
    const canon = (r: { adId: string; userId: string; shownAt: number; clickedAt: number }) => JSON.stringify([r.adId, r.userId, r.shownAt, r.clickedAt]);
    const app = scaleOut({
      applicationId: 'jo',
      client,
      topics: ['imp', 'clk'],
      query: (task: TaskContext) =>
        join(
          Stream.fromSource(task.kafkaSource({ topic: 'imp', startingOffsets: 'earliest', decode: decodeJson(Impression), partitionedBy: 'adId' })),
          Stream.fromSource(task.kafkaSource({ topic: 'clk', startingOffsets: 'earliest', decode: decodeJson(Ad), partitionedBy: 'userId' })),
        ),
      output: { topic: 'out', toRecord: (r) => ({ key: r.adId, value: canon(r) }) },
      trigger: { processingTime: 10 },
    });
    // the impressions are keyed by ad: only the clicks move, keyed by ad as the impressions are
    expect(app.repartitions()).toEqual([{ name: 'join-0-right', topic: 'jo-join-0-right-repartition', key: 'adId', automatic: true }]);
    const instances = await app.start({ instances: 2 });
    const imps: Impression[] = [];
    const clks: AdClick[] = [];
    for (let a = 0; a < 12; a++) {
      // shown to user a % 5; clicked by that user 2 s later, and by another user 20 s later (outside the range)
      imps.push({ adId: `ad${a}`, userId: `u${a % 5}`, shownAt: T0 + a * 1000 });
      clks.push(
        { adId: `ad${a}`, userId: `u${a % 5}`, clickedAt: T0 + a * 1000 + 2000 },
        { adId: `ad${a}`, userId: `u${(a + 1) % 5}`, clickedAt: T0 + a * 1000 + 20_000 },
      );
    }
    await send(client, 'imp', imps, (i: Impression) => i.adId);
    await send(client, 'clk', clks, (c: AdClick) => c.userId);
    const expected = await plain((imp, clk) => join(imp, clk), canon, imps, clks);
    expect(expected).toHaveLength(12);
    await until(async () => (await committed(client, 'out')).length >= expected.length, 'every match');
    await drained(client, 'jo', ['imp', 'clk', 'jo-join-0-right-repartition']);
    await Promise.all(instances.map((i) => i.stop()));
    expect(await committed(client, 'out')).toEqual(expected);
    expect(repartitionTopics(broker)).toEqual(['jo-join-0-right-repartition']);
  });

  it('dedup by another column, then a window-only count (every row to one partition): two chained stages, the plain result', async () => {
    const { broker, client } = await setup({ tx: PARTITIONS });
    // a retried transaction comes back through another terminal, so its copies are in different partitions
    const query = (s: Stream<Tx>) => s.withWatermark('ts', '1 minute').dropDuplicates('txId').groupBy(window('ts', '10 seconds')).agg({ n: count() });
    const app = scaleOut({
      applicationId: 'dd',
      client,
      topics: 'tx',
      query: (task) =>
        query(Stream.fromSource(task.kafkaSource({ topic: 'tx', startingOffsets: 'earliest', decode: decodeJson(Tx), partitionedBy: 'terminal' }))),
      output: { topic: 'out', toRecord: (r) => ({ key: String(r.window.start), value: windowRow(r) }) },
      trigger: { processingTime: 10 },
    });
    expect(app.repartitions()).toEqual([
      { name: 'dedup-0', topic: 'dd-dedup-0-repartition', key: 'txId', automatic: true },
      { name: 'aggregate-1', topic: 'dd-aggregate-1-repartition', key: '(one partition)', automatic: true },
    ]);
    const instances = await app.start({ instances: 3 });
    const data: Tx[] = [];
    for (let i = 0; i < 90; i++) {
      data.push({ txId: `t${i}`, terminal: `term${i % 7}`, ts: T0 + (i % 30) * 1000 });
      if (i % 3 === 0) data.push({ txId: `t${i}`, terminal: `term${(i + 1) % 7}`, ts: T0 + (i % 30) * 1000 }); // the retry
    }
    await send(client, 'tx', data, (t: Tx) => t.terminal);
    await drained(client, 'dd', ['tx', 'dd-dedup-0-repartition', 'dd-aggregate-1-repartition']);
    const flush = [{ txId: 'flush', terminal: 'term0', ts: 1_000_000 }];
    await send(client, 'tx', flush, (t: Tx) => t.terminal);
    const expected = await plain(query, windowRow, [...data, ...flush]);
    expect(expected.map((r) => JSON.parse(r).n)).toEqual([30, 30, 30]); // 90 distinct transactions, 30 per window
    await until(async () => (await committed(client, 'out')).length >= expected.length, 'every closed window');
    await Promise.all(instances.map((i) => i.stop()));
    expect(await committed(client, 'out')).toEqual(expected);
    expect(repartitionTopics(broker)).toEqual(['dd-aggregate-1-repartition', 'dd-dedup-0-repartition']);
  });

  it('names what it inserts stably, keeps explicit repartitions, and inserts nothing in manual mode', async () => {
    const { client } = await setup({ clicks: PARTITIONS });
    const define = <R>(query: (task: TaskContext) => Stream<R>, repartition?: 'auto' | 'manual') =>
      scaleOut({ applicationId: 'nm', client, topics: 'clicks', query, output: { topic: 'out' }, ...(repartition ? { repartition } : {}) });
    const byDevice = (task: TaskContext) =>
      Stream.fromSource(task.kafkaSource({ topic: 'clicks', decode: decodeJson(Click), partitionedBy: 'device' })).withWatermark('ts', '1 minute');
    const keyed = (task: TaskContext) =>
      byDevice(task)
        .groupByKey((c) => c.user)
        .flatMapGroupsWithState((user, rows) => [{ user, n: rows.length }], { outputMode: 'append' });
    expect(define(keyed).repartitions()).toEqual([{ name: 'group-state-0', topic: 'nm-group-state-0-repartition', key: '(function)', automatic: true }]);
    expect(define(keyed, 'manual').repartitions()).toEqual([]);
    // a column key that is the partitioning needs none; a column key that is not, one
    const byColumn = (column: 'device' | 'user') => (task: TaskContext) =>
      byDevice(task)
        .groupByKey(column)
        .flatMapGroupsWithState((k, rows) => [{ k, n: rows.length }], { outputMode: 'append' });
    expect(define(byColumn('device')).repartitions()).toEqual([]);
    expect(
      define(byColumn('user'))
        .repartitions()
        .map((r) => r.name),
    ).toEqual(['group-state-0']);
    // an explicit repartition by the key column satisfies the groupBy after it; by a function it does not
    const explicit = (key: 'user' | ((c: Click) => string)) => (task: TaskContext) =>
      task.repartition(byDevice(task), { name: 'by-user', key }).withWatermark('ts', '1 minute').groupBy('user').count();
    expect(
      define(explicit('user'))
        .repartitions()
        .map((r) => r.name),
    ).toEqual(['by-user']);
    expect(
      define(explicit((c) => c.user))
        .repartitions()
        .map((r) => `${r.name} ${r.key}`),
    ).toEqual(['by-user (function)', 'aggregate-0 user']);
  });

  it('a stream read by a repartition and directly: each stage reads its own copy of the input; the plain result, bad input dead-lettered once', async () => {
    const { broker, client } = await setup({ clicks: PARTITIONS });
    // counts per device (the partitioning: no repartition) and per user (repartitioned), in one output
    const both = (s: Stream<Click>) => {
      const clicks = s.withWatermark('ts', '1 minute');
      const counts = (by: 'device' | 'user') =>
        clicks
          .groupBy(window('ts', '10 seconds'), by)
          .agg({ n: count() })
          .map((r) => ({ by, key: (r as Record<string, unknown>)[by] as string, window: r.window, n: r.n }));
      return counts('device').union(counts('user'));
    };
    const app = scaleOut({
      applicationId: 'sh',
      client,
      topics: 'clicks',
      query: (task) =>
        both(Stream.fromSource(task.kafkaSource({ topic: 'clicks', startingOffsets: 'earliest', decode: decodeJson(Click), partitionedBy: 'device' }))),
      output: { topic: 'out', toRecord: (r) => ({ key: r.key, value: windowRow(r) }) },
      trigger: { processingTime: 10 },
    });
    expect(app.repartitions().map((r) => `${r.name} ${r.key}`)).toEqual(['aggregate-1 user']);
    // the query reads partition 0 of clicks for the device counts, and the user counts' stage its own reader of it
    expect(app.explain().match(/Source \[KafkaV2\[Assign\[clicks-0\]\]\]/g)).toHaveLength(2);
    const instances = await app.start({ instances: 3 });
    const data = clicks();
    await send(client, 'clicks', data, (c: Click) => c.device);
    await client.producer().send([{ topic: 'clicks', key: 'd0', value: 'not json' }]);
    await drained(client, 'sh', ['clicks', 'sh-aggregate-1-repartition']);
    const flush = ['d0', 'd1', 'd2', 'd3', 'd4', 'd5'].map((device, i) => ({ user: `u${i}`, device, ts: 1_000_000 }));
    await send(client, 'clicks', flush, (c: Click) => c.device);
    const expected = await plain(both, windowRow, [...data, ...flush]);
    expect(expected).toHaveLength(2 * 6 * 3);
    await until(async () => (await committed(client, 'out')).length >= expected.length, 'every closed window');
    await Promise.all(instances.map((i) => i.stop()));
    expect(await committed(client, 'out')).toEqual(expected);
    expect(repartitionTopics(broker)).toEqual(['sh-aggregate-1-repartition']);
    const dlq = broker.offsets('clicks-dlq', true).map((p) => ({ topic: 'clicks-dlq', partition: p.partition, from: p.low, until: p.high }));
    const dead = (await client.reader({ isolationLevel: 'read_committed' }).read(dlq)).flat();
    expect(dead.map((r) => r.value?.toString())).toEqual(['not json']);
  });

  it('partitionedBy declares the source partitioning (raw records: their key), keyed as the repartition keys rows', async () => {
    const { client } = await setup({ clicks: PARTITIONS });
    const source = (partitionedBy?: string | string[]) =>
      new KafkaSource({ client, assign: { clicks: [0] }, decode: decodeJson(Click), ...(partitionedBy ? { partitionedBy } : {}) } as never);
    expect((source('device') as KafkaSource<Click>).partitioning).toEqual(['device']);
    expect((source(['user', 'device']) as KafkaSource<Click>).partitioning).toEqual(['user', 'device']);
    expect((source() as KafkaSource<Click>).partitioning).toBeUndefined();
    expect(new KafkaSource({ client, assign: { clicks: [0] } }).partitioning).toEqual(['key']);
    expect(() => source([])).toThrow(expect.objectContaining({ code: 'KAFKA_BAD_SOURCE_OPTION' }));
    expect(() => source(['device', 'device'])).toThrow(expect.objectContaining({ code: 'KAFKA_BAD_SOURCE_OPTION' }));
    // the key text a declared partitioning promises, and the one a repartition writes
    expect(columnsKey(['device'])({ device: 'd1' })).toBe('d1');
    expect(columnsKey(['device'])({ device: 7 })).toBe('7');
    expect(columnsKey(['user', 'device'])({ user: 'u1', device: 7 })).toBe('["u1",7]');
    expect(columnsKey([])({ user: 'u1' })).toBe(columnsKey([])({ user: 'u2' }));
    expect(functionKey((r: { user: string }) => r.user)({ user: 'u1' })).toBe('u1');
  });
});
