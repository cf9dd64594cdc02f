/**
 * The fused scan + decode path of the Kafka source (values decoded straight from the fetched bytes)
 * must agree with the general path (a record object per record, JSON.parse + zod): same rows in the
 * same order, same dead letters, offsets, progress and event times. Run on both brokers.
 */
import { expect, it } from 'vitest';
import { z } from 'zod';
import type { KafkaClient, KafkaRecord, OutgoingRecord, ScanningReader } from '../port.js';
import { driveSource } from '../testing/drive-source.js';
import { uniqueName } from '../testing/kafka-test.js';
import { bytesDecoderOf, decodeJson, type Decoder } from './decode.js';
import { kafkaSource } from './kafka-source.js';

const Event = z.object({ id: z.number(), key: z.string(), ts: z.number(), ok: z.boolean() });
/** The same events with checks: served by the scan + zod validation path. */
const Refined = z.object({
  id: z.int().nonnegative(),
  key: z
    .string()
    .min(1)
    .max(20)
    .regex(/^[a-z]/),
  ts: z.number().positive(),
  ok: z.boolean(),
  kind: z.enum(['a', 'b']).optional(),
});

/** Good records of every kind the fast path takes or declines, and bad ones of every kind. */
function value(i: number): string | null {
  switch (i % 13) {
    case 3:
      return '{"id":'; // malformed
    case 5:
      return JSON.stringify({ id: 'x', key: 'k', ts: 1, ok: true }); // wrong type
    case 6:
      return JSON.stringify({ id: i, key: 'k', ok: true }); // missing event time
    case 7:
      return JSON.stringify({ id: i, key: 'x'.repeat(300), ts: 1, ok: true }); // over maxBytes
    case 8:
      return null; // tombstone
    case 9:
      return JSON.stringify({ id: i, key: `ké-${i}`, ts: 1000 + i, ok: false }); // good, non-ASCII: general path
    case 10:
      return `{ "ok" : true, "ts": ${1000 + i}.5, "key": "k\\"${i}", "id": ${i}e0, "extra": [1] }`; // good: escapes, exponent, unknown key
    default:
      return JSON.stringify({ id: i, key: `key-${i % 7}`, ts: 1000 + i, ok: i % 2 === 0 }); // good: fast path
  }
}

/** `value(i)`, most with the optional `kind`, plus records that only the checks of `Refined` reject. */
function refinedValue(i: number): string | null {
  switch (i % 17) {
    case 11:
      return JSON.stringify({ id: i, key: 'k'.repeat(25), ts: 1000 + i, ok: true }); // too long
    case 12:
      return JSON.stringify({ id: -i, key: 'k', ts: 1000 + i, ok: true }); // negative
    case 14:
      return JSON.stringify({ id: i, key: 'k', ts: 1000 + i, ok: true, kind: 'c' }); // not in the enum
    case 15:
      return JSON.stringify({ id: i, key: 'Key', ts: 1000 + i, ok: true, kind: 'a' }); // regex
    case 16:
      return JSON.stringify({ id: i + 0.5, key: 'k', ts: 1000 + i, ok: true }); // not an integer
    default: {
      const v = value(i);
      return v !== null && i % 3 !== 0 && v.startsWith('{"id":') ? `${v.slice(0, -1)},"kind":"${i % 2 ? 'a' : 'b'}"}` : v;
    }
  }
}

async function filledTopic(client: KafkaClient, valueAt: (i: number) => string | null = value): Promise<string> {
  const topic = uniqueName('fused-in');
  await client.admin.createTopics([{ topic, partitions: 3 }]);
  const records: OutgoingRecord[] = Array.from({ length: 2000 }, (_, i) => ({
    topic,
    key: `k${i % 11}`,
    value: valueAt(i),
    headers: i % 4 === 0 ? [{ key: 'h', value: Buffer.from(`${i}`) }] : [],
  }));
  await client.producer().send(records);
  return topic;
}

/** One run over `topic` with its own dead-letter topic; offsets are made topic-independent for comparison. */
async function run<T extends { ts: number }>(client: KafkaClient, topic: string, decode: Decoder<T>) {
  const dlq = uniqueName('fused-dlq');
  const source = kafkaSource({
    client,
    subscribe: topic,
    startingOffsets: 'earliest',
    maxOffsetsPerTrigger: 300,
    decode,
    eventTimeField: 'ts',
    deadLetter: { topic: dlq },
  });
  const { batches } = await driveSource(source);
  const offsets = await client.admin.topicOffsets(dlq);
  const [dead] = await client.reader().read([{ topic: dlq, partition: 0, from: 0, until: offsets[0]!.high }]);
  await source.stop();
  const strip = (r: KafkaRecord) => ({ key: r.key?.toString(), value: r.value?.toString(), headers: r.headers.map((h) => `${h.key}=${h.value?.toString()}`) });
  return {
    batches: batches.map((b) => ({
      start: JSON.stringify(b.start),
      end: JSON.stringify(b.end),
      rows: b.rows.map((r) => [Object.keys(r), r]),
      metrics: b.metrics,
    })),
    dead: dead!.map(strip),
    eventTimes: source.partitionEventTimes(),
  };
}

/** The fused-path agreement tests, on the client `makeClient` gives. */
export function fusedDecodeContract(makeClient: () => KafkaClient): void {
  const fused = decodeJson(Event, { maxBytes: 256 });

  it('is taken: decodeJson on a flat schema has a byte fast path, and the reader can scan', () => {
    expect(bytesDecoderOf(fused)).toBeTypeOf('function');
    expect(bytesDecoderOf(decodeJson(Event.refine(() => true)))).toBeUndefined();
    expect(typeof (makeClient().reader() as Partial<ScanningReader>).scan).toBe('function');
  });

  it('gives the same rows, dead letters, offsets, progress and event times as the general path', async () => {
    const client = makeClient();
    const topic = await filledTopic(client);
    // General path: the same schema behind a refinement (no fast path anywhere: JSON.parse + zod per record).
    const general = await run(
      client,
      topic,
      decodeJson(
        Event.refine(() => true),
        { maxBytes: 256 },
      ),
    );
    // Record path: decodeJson per record object (its own fast path inside, no scan).
    const perRecord = await run(client, topic, (r) => fused(r));
    const scanned = await run(client, topic, fused);
    await client.close();
    expect(general.batches.flatMap((b) => b.rows)).toHaveLength(2000 - 5 * Math.ceil(2000 / 13));
    expect(general.dead.length).toBe(5 * Math.ceil(2000 / 13));
    expect(scanned).toEqual(general);
    expect(perRecord).toEqual(general);
  }, 60_000);

  it('gives the same rows, dead letters, offsets, progress and event times as the general path on a schema with checks', async () => {
    const validated = decodeJson(Refined, { maxBytes: 256 });
    expect(bytesDecoderOf(validated)).toBeTypeOf('function');
    const client = makeClient();
    const topic = await filledTopic(client, refinedValue);
    const general = await run(
      client,
      topic,
      decodeJson(
        Refined.refine(() => true),
        { maxBytes: 256 },
      ),
    );
    const perRecord = await run(client, topic, (r) => validated(r));
    const scanned = await run(client, topic, validated);
    await client.close();
    const rows = general.batches.flatMap((b) => b.rows);
    expect(rows.length).toBeGreaterThan(800);
    expect(rows.some(([keys]) => (keys as string[]).includes('kind')) && rows.some(([keys]) => !(keys as string[]).includes('kind'))).toBe(true);
    const reasons = general.dead.map((d) => d.headers.find((h) => h.startsWith('streamlab.error='))!);
    for (const field of ['id', 'key', 'kind']) expect(reasons.some((r) => r.startsWith(`streamlab.error=invalid at ${field}:`))).toBe(true);
    expect(scanned).toEqual(general);
    expect(perRecord).toEqual(general);
  }, 60_000);
}
