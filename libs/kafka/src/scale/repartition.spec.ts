/** Repartition on the embedded broker: a groupBy on a key the input is not partitioned by meets each key in one task. */
import { count, Stream, window } from '@streamlab/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EmbeddedBroker } from '../embedded/embedded-broker.js';
import { createEmbeddedKafka } from '../embedded/embedded-client.js';
import type { KafkaClient, OutgoingRecord } from '../port.js';
import { decodeJson } from '../source/decode.js';
import { scaleOut } from './scale-out.js';

const Click = z.object({ user: z.string(), device: z.number(), ts: z.number() });
const PARTITIONS = 4;

/** 6 users, each clicking from every device; the input is partitioned by device, not by user. */
function clicks(fromSec: number, toSec: number): OutgoingRecord[] {
  const out: OutgoingRecord[] = [];
  for (let s = fromSec; s < toSec; s++) {
    for (let u = 0; u < 6; u++) {
      for (let d = 0; d < PARTITIONS; d++) out.push({ topic: 'clicks', partition: d, value: JSON.stringify({ user: `u${u}`, device: d, ts: s * 1000 }) });
    }
  }
  return out;
}

function app(client: KafkaClient) {
  return scaleOut({
    applicationId: 'rp',
    client,
    topics: 'clicks',
    query: (task) =>
      task
        .repartition(Stream.fromSource(task.kafkaSource({ topic: 'clicks', startingOffsets: 'earliest', decode: decodeJson(Click) })), {
          name: 'by-user',
          key: 'user',
        })
        .withWatermark('ts', '1 minute') // covers the event-time skew between upstream tasks in the repartition topic
        .groupBy(window('ts', '10 seconds'), 'user')
        .agg({ n: count() }),
    output: { topic: 'per-user', toRecord: (r) => ({ key: `${r.user}|${r.window.start}`, value: { user: r.user, start: r.window.start, n: r.n } }) },
    trigger: { processingTime: 20 },
  });
}

async function output(client: KafkaClient): Promise<Map<string, number[]>> {
  const parts = await client.admin.topicOffsets('per-user', 'read_committed');
  const recs = (
    await client
      .reader({ isolationLevel: 'read_committed' })
      .read(parts.map((p) => ({ topic: 'per-user', partition: p.partition, from: p.low, until: p.high })))
  ).flat();
  const out = new Map<string, number[]>();
  for (const r of recs) {
    const v = JSON.parse(r.value!.toString()) as { user: string; start: number; n: number };
    out.set(`${v.user}|${v.start}`, [...(out.get(`${v.user}|${v.start}`) ?? []), v.n]);
  }
  return out;
}

async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('scaleOut repartition', () => {
  it('counts each user once per window across partitions, also while tasks move; bad input dead-lettered once', async () => {
    const broker = new EmbeddedBroker();
    const client = createEmbeddedKafka({ broker });
    await client.admin.createTopics([{ topic: 'clicks', partitions: PARTITIONS }]);
    // the explicit repartition is by the grouping column: the automatic one adds none after it
    expect(app(client).repartitions()).toEqual([{ name: 'by-user', topic: 'rp-by-user-repartition', key: 'user', automatic: false }]);
    const a = await app(client).start();
    await client.producer().send([...clicks(0, 15), { topic: 'clicks', partition: 1, key: 'bad', value: 'not json' }]);
    const inputDone = async () =>
      (await client.admin.groupOffsets('rp', ['clicks'])).reduce((n, o) => n + o.offset, 0) ===
      (await client.admin.topicOffsets('clicks')).reduce((n, p) => n + p.high, 0);
    await until(inputDone, 'stage 1 read the first clicks');
    const b = await app(client).start(); // tasks (both stages) move to b, with the open windows
    await until(() => b.runningTasks.length === 2, 'the rebalance');
    await client.producer().send(clicks(15, 40));
    await until(inputDone, 'stage 1 read all clicks');
    // far-ahead clicks on every device close every window of 0-40 s
    await client.producer().send(clicks(1000, 1001));
    await until(async () => (await output(client)).size >= 24, 'windows 0-40 s');
    await Promise.all([a.stop(), b.stop()]);
    // 6 users x 4 windows, each counted over all 4 devices: 10 s x 4 = 40 clicks, written once
    const expected = new Map<string, number[]>();
    for (let u = 0; u < 6; u++) for (const start of [0, 10_000, 20_000, 30_000]) expected.set(`u${u}|${start}`, [40]);
    expect(await output(client)).toEqual(expected);
    expect(broker.partitionCount('rp-by-user-repartition')).toBe(PARTITIONS);
    const [dlq] = broker.offsets('clicks-dlq', true);
    const [dead] = await client.reader({ isolationLevel: 'read_committed' }).read([{ topic: 'clicks-dlq', partition: 0, from: dlq!.low, until: dlq!.high }]);
    expect(dead!.map((r) => r.key?.toString())).toEqual(['bad']);
  });
});
