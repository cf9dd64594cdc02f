/**
 * Test helpers shared by the Kafka output's unit (embedded broker) and integration (real broker)
 * tests: read a whole topic back through the port and check keying and per-key order.
 */
import type { KafkaClient, KafkaRecord } from '@streamlab/kafka';
import type { Envelope } from '../envelope.js';
import type { SimBatch, SimOutput } from './output.js';

/**
 * Forwards to `inner` and keeps a copy of what was emitted.
 *
 * @example
 * const out = tee(kafkaOutput<Payment>({ client, topic: 'payments' }));
 * await runSimulation(sim, out, { asap: true });
 * expect(keyedOrderProblems(await readTopic(client, 'payments'), out.emitted, recordText)).toEqual([]);
 */
export function tee<R>(inner: SimOutput<R>): SimOutput<R> & { emitted: Envelope<R>[] } {
  const emitted: Envelope<R>[] = [];
  return {
    description: inner.description,
    emitted,
    async write(batch: SimBatch<R>) {
      emitted.push(...batch.envelopes);
      await inner.write(batch);
    },
    close: () => inner.close?.(),
  };
}

/** Every record of `topic`, partition by partition, in offset order. */
export async function readTopic(client: KafkaClient, topic: string): Promise<KafkaRecord[]> {
  const offsets = await client.admin.topicOffsets(topic);
  const reader = client.reader();
  try {
    const parts = await reader.read(offsets.map((o) => ({ topic, partition: o.partition, from: o.low, until: o.high })));
    return parts.flat();
  } finally {
    await reader.close();
  }
}

/** Total records of `topic` (high - low over its partitions). */
export async function countTopic(client: KafkaClient, topic: string): Promise<number> {
  const offsets = await client.admin.topicOffsets(topic);
  return offsets.reduce((n, o) => n + o.high - o.low, 0);
}

/**
 * Checks that `records` (read back) hold exactly the emitted envelopes, each key in one partition
 * and, within it, in emission order. Returns a list of problems (empty when all is well).
 */
export function keyedOrderProblems<R>(records: readonly KafkaRecord[], emitted: readonly Envelope<R>[], text: (e: Envelope<R>) => string): string[] {
  const problems: string[] = [];
  const partitionOf = new Map<string, number>();
  const landed = new Map<string, string[]>();
  for (const r of records) {
    const key = r.key?.toString('utf8') ?? '';
    const p = partitionOf.get(key);
    if (p === undefined) partitionOf.set(key, r.partition);
    else if (p !== r.partition) problems.push(`key ${key} is in partitions ${p} and ${r.partition}`);
    const list = landed.get(key) ?? [];
    list.push(r.value?.toString('utf8') ?? '');
    landed.set(key, list);
  }
  const expected = new Map<string, string[]>();
  for (const e of emitted) {
    const list = expected.get(e.key) ?? [];
    list.push(text(e));
    expected.set(e.key, list);
  }
  if (records.length !== emitted.length) problems.push(`${records.length} records landed, ${emitted.length} were emitted`);
  for (const [key, want] of expected) {
    const got = landed.get(key) ?? [];
    if (got.length !== want.length || got.some((v, i) => v !== want[i])) problems.push(`key ${key}: records differ from the emitted order`);
  }
  return problems.slice(0, 10);
}
