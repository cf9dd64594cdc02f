/** Status reports on the embedded broker: two instances report their partitions; a stop reports `stopped` and the other takes over. */
import { Stream } from '@streamlab/core';
import { expect, it } from 'vitest';
import { EmbeddedBroker } from '../embedded/embedded-broker.js';
import { createEmbeddedKafka } from '../embedded/embedded-client.js';
import type { KafkaClient } from '../port.js';
import { scaleOut } from './scale-out.js';
import { type InstanceReport, reportStatus, statusTopic } from './status-report.js';

async function latest(client: KafkaClient): Promise<Map<string, InstanceReport>> {
  const [p] = await client.admin.topicOffsets(statusTopic('st'));
  const reader = client.reader();
  const recs = (await reader.read([{ topic: statusTopic('st'), partition: 0, from: p!.low, until: p!.high }])).flat();
  const out = new Map<string, InstanceReport>();
  for (const r of recs) out.set(r.key!.toString(), JSON.parse(r.value!.toString()) as InstanceReport);
  return out;
}

async function until<T>(check: () => Promise<T | undefined> | T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

it('each instance reports the partitions it runs; a stopped one says so and the other reports them all', async () => {
  const client = createEmbeddedKafka({ broker: new EmbeddedBroker() });
  await client.admin.createTopics([{ topic: 'in', partitions: 4 }]);
  const app = scaleOut({
    applicationId: 'st',
    client,
    topics: 'in',
    query: (task) => Stream.fromSource(task.kafkaSource({ topic: 'in', startingOffsets: 'earliest' })),
    output: { topic: 'out' },
    trigger: { processingTime: 20 },
  });
  const [a, b] = await app.start({ instances: 2 });
  const reporters = await Promise.all([reportStatus(a!, { client, name: 'a', intervalMs: 20 }), reportStatus(b!, { client, name: 'b', intervalMs: 20 })]);
  const split = await until(async () => {
    const m = await latest(client);
    const running = [...m.values()].map((r) => r.running.length);
    return m.size === 2 && running.every((n) => n === 2) ? m : undefined;
  }, 'both report 2 partitions');
  expect([...split.values()].flatMap((r) => r.running).sort()).toEqual([0, 1, 2, 3]);
  expect(split.get('a')).toMatchObject({ applicationId: 'st', instance: 'a', pid: process.pid, state: 'running' });

  await a!.stop();
  await reporters[0]!.stop();
  const after = await until(async () => {
    const m = await latest(client);
    return m.get('b')?.running.length === 4 ? m : undefined;
  }, 'b reports all 4 partitions');
  expect(after.get('a')).toMatchObject({ state: 'stopped', running: [] });
  expect(after.get('b')!.generation).toBeGreaterThan(after.get('a')!.generation);
  await b!.stop();
  await reporters[1]!.stop();
});
