import { StreamlabError } from '@streamlab/core';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { EmbeddedBroker } from '../embedded/embedded-broker.js';
import { createEmbeddedKafka } from '../embedded/embedded-client.js';
import type { KafkaClient, OutgoingRecord, RecordMetadata } from '../port.js';
import { kafkaSinkContract, testBatchInfo } from '../testing/sink-contract.js';
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

describe('kafkaSink with a batch in many produce requests', () => {
  /** The embedded client, but every produce request waits until the test acknowledges (appends) or fails it. */
  function gatedClient() {
    const base = createEmbeddedKafka({ broker: new EmbeddedBroker() });
    const inFlight: { records: readonly OutgoingRecord[]; ack(): void; fail(err: unknown): void }[] = [];
    const events: string[] = [];
    const gate = (records: readonly OutgoingRecord[], append: () => Promise<RecordMetadata[]>) =>
      new Promise<RecordMetadata[]>((resolve, reject) => {
        const entry = {
          records,
          ack: () => {
            inFlight.splice(inFlight.indexOf(entry), 1);
            events.push('ack');
            append().then(resolve, reject);
          },
          fail: (err: unknown) => {
            inFlight.splice(inFlight.indexOf(entry), 1);
            events.push('fail');
            reject(err);
          },
        };
        inFlight.push(entry);
      });
    const client: KafkaClient = {
      ...base,
      producer: (opts) => {
        const p = base.producer(opts);
        return {
          ...p,
          send: (records) => gate(records, () => p.send(records)),
          transaction: async () => {
            const txn = await p.transaction();
            return {
              ...txn,
              send: (records) => gate(records, () => txn.send(records)),
              commit: () => {
                events.push('commit');
                return txn.commit();
              },
              abort: () => {
                events.push('abort');
                return txn.abort();
              },
            };
          },
        };
      },
    };
    return { client, inFlight, events };
  }
  const settle = () => new Promise<void>((r) => setImmediate(r));
  const ctx = (queryName: string) => ({ queryId: 'qid', runId: 'rid', queryName, outputMode: 'append' as const, logger: pino({ level: 'silent' }) });
  const rows = Array.from({ length: 120 }, (_, i) => ({ key: `k${i % 10}`, value: `${i}` }));

  it('at-least-once: one request at a time, the next once the previous is acknowledged; each key in order; complete only when all are acknowledged', async () => {
    const { client, inFlight } = gatedClient();
    await client.admin.createTopics([{ topic: 'out', partitions: 6 }]);
    const sink = kafkaSink<{ key: string; value: string }>({ client, topic: 'out', 'kafka.batch.size': 60 });
    await sink.open(ctx('sized'));
    let done = false;
    const batch = sink.addBatch(rows, testBatchInfo(0)).then(() => (done = true));
    let requests = 0;
    while (!done) {
      await settle();
      expect(inFlight.length).toBeLessThanOrEqual(1);
      if (inFlight.length > 0) {
        expect(done).toBe(false);
        inFlight[0]!.ack();
        requests++;
      }
    }
    await batch;
    // ~4 rows of each partition per request of at most 60 estimated bytes per partition.
    expect(requests).toBeGreaterThan(6);
    const high = await client.admin.topicOffsets('out');
    const written = (await client.reader().read(high.map((p) => ({ topic: 'out', partition: p.partition, from: 0, until: p.high })))).flat();
    expect(written).toHaveLength(rows.length);
    for (let k = 0; k < 10; k++) {
      const key = `k${k}`;
      expect(written.filter((r) => r.key!.toString() === key).map((r) => r.value!.toString())).toEqual(rows.filter((r) => r.key === key).map((r) => r.value));
    }
    await sink.close();
  });

  it('exactly-once: commits after every request is acknowledged; a failed request sends nothing more and aborts the transaction', async () => {
    const { client, inFlight, events } = gatedClient();
    await client.admin.createTopics([{ topic: 'eos', partitions: 6 }]);
    const sink = kafkaSink<{ key: string; value: string }>({ client, topic: 'eos', guarantee: 'exactly-once', 'kafka.batch.size': 60 });
    await sink.open(ctx('sized-eos'));

    let done = false;
    const ok = sink.addBatch(rows, testBatchInfo(0)).then(() => (done = true));
    while (!done) {
      await settle();
      if (inFlight.length === 0) continue;
      expect(events).not.toContain('commit');
      inFlight[0]!.ack();
    }
    await ok;
    expect(events.at(-1)).toBe('commit');
    expect(events.filter((e) => e === 'ack').length).toBeGreaterThan(6);

    events.length = 0;
    let failure: unknown;
    const failed = sink.addBatch(rows, testBatchInfo(1)).catch((err: unknown) => (failure = err));
    await settle();
    inFlight[0]!.ack();
    await settle();
    inFlight[0]!.fail(new StreamlabError('KAFKA_RECORD_TOO_LARGE', 'too large', { retriable: false }));
    await failed;
    expect(inFlight).toEqual([]);
    expect(events).toEqual(['ack', 'fail', 'abort']);
    expect(failure).toMatchObject({ code: 'KAFKA_SINK_SEND_FAILED', cause: { code: 'KAFKA_RECORD_TOO_LARGE' } });
    const committed = await client.admin.topicOffsets('eos', 'read_committed');
    const visible = (
      await client.reader({ isolationLevel: 'read_committed' }).read(committed.map((p) => ({ topic: 'eos', partition: p.partition, from: 0, until: p.high })))
    ).flat();
    expect(visible).toHaveLength(rows.length);
    await sink.close();
  });
});
