/** A stream-stream join whose task moves: its buffered rows travel through the changelog (the entries-as-keys path). */
import { Stream } from '@streamlab/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EmbeddedBroker } from '../embedded/embedded-broker.js';
import { createEmbeddedKafka } from '../embedded/embedded-client.js';
import type { KafkaClient, OutgoingRecord } from '../port.js';
import { decodeJson } from '../source/decode.js';
import { scaleOut } from './scale-out.js';

const Impression = z.object({ adId: z.string(), shownAt: z.number() });
const Click = z.object({ adId: z.string(), clickedAt: z.number() });
const ADS = 20;

function app(client: KafkaClient) {
  return scaleOut({
    applicationId: 'ads',
    client,
    topics: ['imp', 'clk'],
    query: (task) =>
      Stream.fromSource(task.kafkaSource({ topic: 'imp', startingOffsets: 'earliest', decode: decodeJson(Impression) }))
        .withWatermark('shownAt', '5 seconds')
        .join(
          Stream.fromSource(task.kafkaSource({ topic: 'clk', startingOffsets: 'earliest', decode: decodeJson(Click) })).withWatermark('clickedAt', '5 seconds'),
          'adId',
          'inner',
          {
            timeRange: { leftTime: 'shownAt', rightTime: 'clickedAt', min: 0, max: '1 minute' },
          },
        ),
    output: { topic: 'joined', toRecord: (r) => ({ key: r.adId, value: { adId: r.adId, shownAt: r.shownAt, clickedAt: r.clickedAt } }) },
    trigger: { processingTime: 20 },
    repartition: 'manual', // both topics are partitioned by ad by hand (the same partition per ad): co-partitioned
  });
}

const rows = (topic: string, field: string, shift: number): OutgoingRecord[] =>
  Array.from({ length: ADS }, (_, i) => ({
    topic,
    partition: i % 2,
    key: `ad${i}`,
    value: JSON.stringify({ adId: `ad${i}`, [field]: 100_000 + i * 1000 + shift }),
  }));

async function joined(client: KafkaClient): Promise<string[]> {
  const parts = await client.admin.topicOffsets('joined', 'read_committed');
  const recs = (
    await client.reader({ isolationLevel: 'read_committed' }).read(parts.map((p) => ({ topic: 'joined', partition: p.partition, from: p.low, until: p.high })))
  ).flat();
  return recs.map((r) => r.key!.toString()).sort();
}

async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('scaleOut stream-stream join', () => {
  it('impressions buffered by one instance match clicks read by the next owner, each once', async () => {
    const client = createEmbeddedKafka({ broker: new EmbeddedBroker() });
    await client.admin.createTopics([
      { topic: 'imp', partitions: 2 },
      { topic: 'clk', partitions: 2 },
    ]);
    const a = await app(client).start();
    await client.producer().send(rows('imp', 'shownAt', 0));
    const caughtUp = async () =>
      (await client.admin.groupOffsets('ads', ['imp', 'clk'])).reduce((n, o) => n + o.offset, 0) ===
      (await client.admin.topicOffsets('imp')).reduce((n, p) => n + p.high, 0) + (await client.admin.topicOffsets('clk')).reduce((n, p) => n + p.high, 0);
    await until(caughtUp, 'impressions buffered');
    const b = await app(client).start(); // one task (and its buffered impressions) moves to b
    let restoredRows = 0;
    b.on('restored', (r) => (restoredRows += r.rows));
    await until(() => b.runningTasks.length === 1 && a.runningTasks.length === 1, 'the rebalance');
    expect(restoredRows).toBeGreaterThanOrEqual(ADS / 2);
    await client.producer().send(rows('clk', 'clickedAt', 3_000));
    await until(async () => (await joined(client)).length >= ADS, 'every click joined');
    await a.stop();
    await until(() => b.runningTasks.length === 2, 'b owns both tasks');
    await client.producer().send([{ topic: 'clk', partition: 0, key: 'ad0', value: JSON.stringify({ adId: 'ad0', clickedAt: 150_000 }) }]);
    await until(
      async () => (await joined(client)).length >= ADS + 1,
      'a later click on ad0 (within its minute, past the watermark) joins the restored impression',
    );
    await b.stop();
    expect(await joined(client)).toEqual([...Array.from({ length: ADS }, (_, i) => `ad${i}`), 'ad0'].sort());
  });
});
