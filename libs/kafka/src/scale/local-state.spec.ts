/** The local state fast path: a clean stop leaves a file; the next start reads only the changelog's tail after it, and stays exact. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, Stream, window } from '@streamlab/core';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EmbeddedBroker } from '../embedded/embedded-broker.js';
import { createEmbeddedKafka } from '../embedded/embedded-client.js';
import type { KafkaClient } from '../port.js';
import { decodeJson } from '../source/decode.js';
import type { ScaleOutInstance } from './instance.js';
import { LOCAL_STATE_MAX_AGE_MS, localStateFile, writeLocalState } from './local-state.js';
import { scaleOut } from './scale-out.js';
import type { RestoreStats } from './task.js';

const Ev = z.object({ key: z.string(), ts: z.number() });
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function app(client: KafkaClient, stateDir: string | undefined, stateFileIntervalMs?: number) {
  return scaleOut({
    applicationId: 'ls',
    client,
    topics: 'in',
    query: (task) =>
      Stream.fromSource(task.kafkaSource({ topic: 'in', startingOffsets: 'earliest', decode: decodeJson(Ev) }))
        .withWatermark('ts', '1 second')
        .groupBy(window('ts', '1 minute'), 'key')
        .agg({ n: count() }),
    outputMode: 'update',
    output: { topic: 'out', toRecord: (r) => ({ key: `${r.key}|${r.window.start}`, value: String(r.n) }) },
    trigger: { processingTime: 20 },
    repartition: 'manual', // one partition: nothing to move
    ...(stateDir ? { stateDir } : {}),
    ...(stateFileIntervalMs !== undefined ? { stateFileIntervalMs } : {}),
  });
}

async function send(client: KafkaClient, from: number, to: number) {
  const records = [];
  for (let i = from; i < to; i++) records.push({ topic: 'in', partition: 0, value: JSON.stringify({ key: `k${i % 50}`, ts: 1000 + i }) });
  await client.producer().send(records);
}

/** The last count written per key (update mode): the count over all input so far. */
async function latest(client: KafkaClient): Promise<Map<string, number>> {
  const [p] = await client.admin.topicOffsets('out', 'read_committed');
  const [recs] = await client.reader({ isolationLevel: 'read_committed' }).read([{ topic: 'out', partition: 0, from: p!.low, until: p!.high }]);
  return new Map(recs!.map((r) => [r.key!.toString(), Number(r.value!.toString())]));
}

async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function run(client: KafkaClient, stateDir: string | undefined, total: number): Promise<RestoreStats> {
  const instance: ScaleOutInstance = await app(client, stateDir).start();
  const restored = new Promise<RestoreStats>((resolve) => instance.on('restored', resolve));
  await until(async () => [...(await latest(client)).values()].reduce((a, b) => a + b, 0) >= total && (await latest(client)).size === 50, `${total} counted`);
  const stats = await restored;
  await instance.stop();
  return stats;
}

async function setup() {
  const client = createEmbeddedKafka({ broker: new EmbeddedBroker() });
  await client.admin.createTopics([{ topic: 'in', partitions: 1 }]);
  const dir = mkdtempSync(join(tmpdir(), 'scale-local-'));
  dirs.push(dir);
  return { client, dir };
}

const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

describe('local state files', () => {
  it('a clean stop leaves one; the next start loads it and reads only the tail; counts stay exact', async () => {
    const { client, dir } = await setup();
    await send(client, 0, 1000);
    const first = await run(client, dir, 1000);
    expect(first.localRows).toBe(0);
    expect(existsSync(localStateFile(dir, 'ls', '', 0))).toBe(true);
    await send(client, 1000, 1500);
    const second = await run(client, dir, 1500);
    expect(second.localRows).toBe(50 + 1); // 50 keys, and the task record
    expect(second.rows).toBe(0); // nobody wrote after it: the tail is empty
    expect(total(await latest(client))).toBe(1500);
  });

  it('what another owner wrote after the file is in the tail', async () => {
    const { client, dir } = await setup();
    await send(client, 0, 500);
    await run(client, dir, 500);
    // another machine (no local file) runs the task meanwhile
    await send(client, 500, 800);
    const elsewhere = await run(client, undefined, 800);
    expect(elsewhere.localRows).toBe(0);
    await send(client, 800, 900);
    const back = await run(client, dir, 900);
    expect(back.localRows).toBeGreaterThan(0);
    expect(total(await latest(client))).toBe(900);
  });

  it('a running task writes its file after committed batches too, so a crashed instance has one', async () => {
    const { client, dir } = await setup();
    await send(client, 0, 200);
    const instance = await app(client, dir, 0).start();
    const file = localStateFile(dir, 'ls', '', 0);
    const counted = (): number => {
      if (!existsSync(file)) return 0;
      const topics = (JSON.parse(readFileSync(file, 'utf8')) as { topics: Record<string, { entries: [string, string][] }> }).topics;
      return (topics['ls-stateStoreSave-0-changelog']?.entries ?? []).reduce((n, [, v]) => n + (JSON.parse(v) as number[])[0]!, 0);
    };
    await until(() => counted() === 200, 'a file with all 200 rows counted, before any stop');
    await instance.stop();
  });

  it('a file older than 12 hours is not used (compaction may have dropped tombstones since)', async () => {
    const { client, dir } = await setup();
    await send(client, 0, 100);
    await run(client, dir, 100);
    const file = localStateFile(dir, 'ls', '', 0);
    const old = JSON.parse(readFileSync(file, 'utf8')) as { writtenAtMs: number };
    writeFileSync(file, JSON.stringify({ ...old, writtenAtMs: old.writtenAtMs - LOCAL_STATE_MAX_AGE_MS - 1 }));
    const stats = await run(client, dir, 100);
    expect(stats.localRows).toBe(0);
  });

  it('a file that does not match the changelog (offsets past its end) is discarded: full restore', async () => {
    const { client, dir } = await setup();
    await send(client, 0, 300);
    await run(client, undefined, 300);
    writeLocalState(dir, 'ls', '', 0, { 'ls-task-changelog': { end: 1_000_000, entries: [['task', '{"batchId":99}']] } });
    await send(client, 300, 400);
    const stats = await run(client, dir, 400);
    expect(stats.localRows).toBe(0);
    expect(total(await latest(client))).toBe(400);
  });
});
