/** Scale-out on the embedded broker: several instances in one process, tasks moving between them, exactly-once output. */
import { count, Stream, window } from '@streamlab/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EmbeddedBroker } from '../embedded/embedded-broker.js';
import { createEmbeddedKafka } from '../embedded/embedded-client.js';
import type { KafkaClient } from '../port.js';
import { decodeJson } from '../source/decode.js';
import { describeScaleOut } from './ownership.js';
import { scaleOut } from './scale-out.js';
import type { ScaleOutInstance } from './instance.js';

const Ev = z.object({ key: z.string(), ts: z.number() });
const PARTITIONS = 4;
const WINDOW = 10_000;

interface Out {
  key: string;
  start: number;
  n: number;
}

function app(client: KafkaClient, id = 'app') {
  return scaleOut({
    applicationId: id,
    client,
    topics: 'in',
    query: (task) =>
      Stream.fromSource(task.kafkaSource({ topic: 'in', startingOffsets: 'earliest', decode: decodeJson(Ev) }))
        .withWatermark('ts', '5 seconds')
        .groupBy(window('ts', WINDOW), 'key')
        .agg({ n: count() }),
    output: { topic: 'out', toRecord: (r) => ({ key: `${r.key}|${r.window.start}`, value: { key: r.key, start: r.window.start, n: r.n } }) },
    trigger: { processingTime: 20 },
    repartition: 'manual', // each key is produced to one partition (k % 4) by hand, not by murmur2: nothing to move
  });
}

/** Keys k0..k7 on partition (k % 4), one event per second per key; `truth` counts windows that the last event closes. */
async function produce(client: KafkaClient, fromSec: number, toSec: number) {
  const records = [];
  for (let s = fromSec; s < toSec; s++) {
    for (let k = 0; k < 8; k++) records.push({ topic: 'in', partition: k % PARTITIONS, key: `k${k}`, value: JSON.stringify({ key: `k${k}`, ts: s * 1000 }) });
  }
  await client.producer().send(records);
}

function truth(untilSec: number): Map<string, number> {
  const out = new Map<string, number>();
  for (let s = 0; s < untilSec; s++)
    for (let k = 0; k < 8; k++)
      out.set(`k${k}|${Math.floor((s * 1000) / WINDOW) * WINDOW}`, (out.get(`k${k}|${Math.floor((s * 1000) / WINDOW) * WINDOW}`) ?? 0) + 1);
  return out;
}

async function committedOutput(client: KafkaClient): Promise<Out[]> {
  const parts = await client.admin.topicOffsets('out', 'read_committed');
  const reader = client.reader({ isolationLevel: 'read_committed' });
  const recs = await reader.read(parts.map((p) => ({ topic: 'out', partition: p.partition, from: p.low, until: p.high })));
  return recs.flat().map((r) => JSON.parse(r.value!.toString()) as Out);
}

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Windows ending at or before `closedSec` are final once the watermark passes them. */
function closed(t: Map<string, number>, closedBeforeMs: number): Map<string, number> {
  return new Map([...t].filter(([k]) => Number(k.split('|')[1]) + WINDOW <= closedBeforeMs));
}

function asMap(rows: Out[]): Map<string, number[]> {
  const m = new Map<string, number[]>();
  for (const r of rows) m.set(`${r.key}|${r.start}`, [...(m.get(`${r.key}|${r.start}`) ?? []), r.n]);
  return m;
}

async function setup() {
  const broker = new EmbeddedBroker();
  const client = createEmbeddedKafka({ broker });
  await client.admin.createTopics([{ topic: 'in', partitions: PARTITIONS }]);
  return { broker, client };
}

const expectExactly = (rows: Out[], expected: Map<string, number>) => expect(asMap(rows)).toEqual(new Map([...expected].map(([k, n]) => [k, [n]])));

describe('scaleOut on the embedded broker', () => {
  it('two instances split the partitions, create compacted changelogs, and give the single-instance result', async () => {
    const { broker, client } = await setup();
    const instances = await app(client).start({ instances: 2 });
    await produce(client, 0, 60);
    const expected = closed(truth(60), 59_000 - 5_000);
    await until(async () => (await committedOutput(client)).length >= expected.size, 'all closed windows');
    expect(instances.map((i) => i.runningTasks.length).sort()).toEqual([2, 2]);
    expect(broker.topicConfigs('app-stateStoreSave-0-changelog')['cleanup.policy']).toBe('compact');
    expect(broker.partitionCount('app-stateStoreSave-0-changelog')).toBe(PARTITIONS);
    const status = instances[0]!.status();
    expect(status.tasks.length).toBe(2);
    expect(status.starting).toEqual([]);
    // any process can see who owns what
    const owners = await describeScaleOut(client, 'app');
    expect(owners.map((o) => o.name)).toEqual(instances.map((i) => i.status().name).sort());
    expect(owners.flatMap((o) => o.tasks).sort()).toEqual([0, 1, 2, 3]);
    expect(status.assigned).toEqual(status.tasks.map((t) => t.task));
    expect(status.watermarkMs).toBe(54_000);
    await Promise.all(instances.map((i) => i.stop()));
    expectExactly(await committedOutput(client), expected);
    // the input offsets went into the group in the same transactions
    expect((await client.admin.groupOffsets('app', ['in'])).map((o) => o.offset)).toEqual([120, 120, 120, 120]);
  });

  it('a task that moves restores its windows from the changelog: nothing lost, nothing twice', async () => {
    const { client } = await setup();
    const a = (await app(client).start()) as ScaleOutInstance;
    const restored: number[] = [];
    await produce(client, 0, 25);
    await until(async () => (await committedOutput(client)).length >= closed(truth(25), 19_000).size, 'first windows');
    // b joins: half of a's tasks move to b, with their open windows (20..25 s)
    const b = (await app(client).start()) as ScaleOutInstance;
    const restoring: number[] = [];
    b.on('restoring', (r) => restoring.push(r.rows));
    b.on('restored', (r) => restored.push(r.rows));
    await until(() => b.runningTasks.length === 2 && a.runningTasks.length === 2, 'the rebalance');
    expect(restored.length).toBe(2);
    expect(Math.min(...restored)).toBeGreaterThan(0);
    expect(restoring.length).toBeGreaterThan(0); // progress while restoring (one chunk each here)
    await produce(client, 25, 50);
    await until(async () => (await committedOutput(client)).length >= closed(truth(50), 44_000).size, 'windows after the move');
    // a leaves: b takes everything over
    await a.stop();
    await until(() => b.runningTasks.length === 4, 'b owns all tasks');
    await produce(client, 50, 70);
    const expected = closed(truth(70), 64_000);
    await until(async () => (await committedOutput(client)).length >= expected.size, 'all windows');
    await b.stop();
    expectExactly(await committedOutput(client), expected);
  });

  it('a fenced owner drops its task quietly; the new owner goes on', async () => {
    const { client } = await setup();
    const a = (await app(client).start()) as ScaleOutInstance;
    await produce(client, 0, 20);
    await until(async () => (await committedOutput(client)).length >= closed(truth(20), 14_000).size, 'first windows');
    // Another producer with task 0's transactional id (a new owner) fences a's task 0.
    const stopped: string[] = [];
    a.on('stopped', (s) => stopped.push(`${s.task} ${s.reason}`));
    const thief = client.producer({ transactionalId: 'app-0' });
    await thief.connect();
    await produce(client, 20, 40);
    await until(() => stopped.includes('0 migrated'), 'task 0 dropped as migrated');
    // Still assigned here: a restarts it (fencing the thief) and finishes the windows exactly once.
    const expected = closed(truth(40), 34_000);
    await until(async () => (await committedOutput(client)).length >= expected.size && a.runningTasks.length === 4, 'all windows');
    await a.stop();
    expectExactly(await committedOutput(client), expected);
  });

  it('refuses inputs that are not co-partitioned', async () => {
    const { client } = await setup();
    await client.admin.createTopics([{ topic: 'other', partitions: 3 }]);
    const q = scaleOut({
      applicationId: 'cp',
      client,
      topics: ['in', 'other'],
      query: (task) => Stream.fromSource(task.kafkaSource({ topic: 'in' })),
      output: { topic: 'x' },
    });
    await expect(q.start()).rejects.toMatchObject({ code: 'SCALE_NOT_COPARTITIONED' });
  });
});
