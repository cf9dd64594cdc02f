import { describe, expect, it } from 'vitest';
import { EmbeddedBroker } from '../embedded/embedded-broker.js';
import { createEmbeddedKafka } from '../embedded/embedded-client.js';
import { kafkaSinkContract } from '../testing/sink-contract.js';
import { kafkaSink } from './kafka-sink.js';
import { encode } from './sink-record.js';

describe('kafkaSink on the embedded broker', () => {
  kafkaSinkContract(() => createEmbeddedKafka({ broker: new EmbeddedBroker() }));
});

describe('kafkaSink options and encoding', () => {
  const client = createEmbeddedKafka({ broker: new EmbeddedBroker() });

  it('rejects a bad guarantee with KAFKA_BAD_SINK_OPTION', () => {
    expect(() => kafkaSink({ client, topic: 't', guarantee: 'exactly-twice' as 'exactly-once' })).toThrowError(
      expect.objectContaining({ code: 'KAFKA_BAD_SINK_OPTION', value: 'exactly-twice' }),
    );
  });

  it('encodes strings and Buffers as they are, numbers and objects as JSON, null as null', () => {
    expect(encode('x')).toBe('x');
    expect(encode(Buffer.from('b'))).toEqual(Buffer.from('b'));
    expect(encode(42)).toBe('42');
    expect(encode({ a: [1] })).toBe('{"a":[1]}');
    expect(encode(undefined)).toBeNull();
  });
});

describe('kafkaSink with rows that are not records', () => {
  it("says to map rows to records, and following the hint works (a row without a value is Spark's error)", async () => {
    const { MemoryStream } = await import('@streamlab/core');
    const client = createEmbeddedKafka({ broker: new EmbeddedBroker() });
    await client.admin.createTopics([{ topic: 'alerts' }]);
    const rows = new MemoryStream<{ id: string; n: number }>();
    const bare = rows
      .toStream()
      .writeStream.queryName('bare')
      .sink(kafkaSink({ client, topic: 'alerts' }))
      .start();
    rows.addData([{ id: 'a', n: 1 }]);
    await bare.processAllAvailable().catch(() => undefined);
    await bare.stop().catch(() => undefined);
    expect(String(bare.exception)).toContain('map each row to a record first (e.g. .map((r) => ({ key: r.id, value: r }))), or pass toRecord to the sink');

    // the hint, as written
    const fixed = rows
      .toStream()
      .map((r) => ({ key: r.id, value: r }))
      .writeStream.queryName('fixed')
      .sink(kafkaSink({ client, topic: 'alerts' }))
      .start();
    await fixed.processAllAvailable();
    expect(fixed.exception).toBeUndefined();
    await fixed.stop();
    const written = (await client.admin.topicOffsets('alerts')).reduce((n, p) => n + p.high - p.low, 0);
    expect(written).toBe(1);
  });
});

describe('kafkaSink with a record the broker can never take', () => {
  it('exactly-once: fails the batch at the first attempt (MESSAGE_TOO_LARGE is not retriable), instead of retrying it maxAttempts times', async () => {
    const { StreamingSession, MemoryStream } = await import('@streamlab/core');
    const { pino } = await import('pino');
    const client = createEmbeddedKafka({ broker: new EmbeddedBroker() });
    await client.admin.createTopics([{ topic: 'out', configs: { 'max.message.bytes': '1000' } }]);
    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) });
    const source = new MemoryStream<{ v: string }>();
    const query = source
      .toStream()
      .writeStream.queryName('too-large')
      .sink(kafkaSink({ client, topic: 'out', guarantee: 'exactly-once', maxAttempts: 5, toRecord: (r) => ({ value: r.v }) }))
      .session(new StreamingSession({ logger: logger as never }))
      .start();
    source.addData([{ v: 'x'.repeat(5000) }]);
    await query.processAllAvailable().catch(() => undefined);
    await query.stop().catch(() => undefined);
    expect(query.exception).toMatchObject({ code: 'QUERY_FAILED', message: expect.stringContaining('KAFKA_RECORD_TOO_LARGE') });
    expect(warnings.filter((w) => w.includes('retrying the batch'))).toEqual([]);
  });
});
