import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromRawMessage, toKafkajsMessage, type RawMessage } from './convert.js';
import { kafkajsPatches } from './kafkajs.js';
import { AbortedTransactions, encodeRecordBatch, readHeaders, recordSetInfo, scanRecordSet, type BatchRecord } from './record-batch.js';
import type { KafkaRecord } from '../port.js';

// kafkajs's own encoders and decoder: the new code must write and read exactly their bytes.
const require = createRequire(import.meta.url);
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0/index.js') as {
  RecordBatch: (args: object) => Promise<{ buffer: Buffer }>;
};
const Record = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (args: object) => unknown;
const Decoder = require('kafkajs/src/protocol/decoder.js') as new (b: Buffer) => unknown;
const decodeMessages = require('kafkajs/src/protocol/requests/fetch/v4/decodeMessages.js') as (d: unknown) => Promise<RawMessage[]>;
const crc32c = require('kafkajs/src/protocol/recordBatch/crc32C/index.js') as (b: Buffer) => number;
const produceV3 = require('kafkajs/src/protocol/requests/produce/v3/request.js') as ((a: object) => { encode(): Promise<{ buffer: Buffer }> }) & {
  original: (a: object) => { encode(): Promise<{ buffer: Buffer }> };
};
const grouping = require('kafkajs/src/producer/groupMessagesPerPartition.js') as ((a: object) => Record<number, unknown[]>) & {
  original: (a: object) => Record<number, unknown[]>;
};

const NOW = 1_765_000_000_000;

/** kafkajs's batch bytes for `records` (offset deltas 0.., each with a timestamp), as its Produce v3 request builds them. */
async function kafkajsBatch(
  records: BatchRecord[],
  f: { producerId: number; producerEpoch: number; baseSequence: number; transactional: boolean },
  firstOffset = '0',
): Promise<Buffer> {
  const times = records.map((r) => Number(r.timestamp));
  const first = Math.min(...times);
  const batch = await RecordBatch({
    firstOffset,
    records: records.map((r, i) => Record({ ...r, offsetDelta: i, timestampDelta: times[i]! - first })),
    firstTimestamp: first,
    maxTimestamp: Math.max(...times),
    producerId: f.producerId,
    producerEpoch: f.producerEpoch,
    firstSequence: f.baseSequence,
    transactional: f.transactional,
    lastOffsetDelta: records.length - 1,
  });
  return batch.buffer;
}

const bytes = fc.oneof(
  fc.constant(null),
  fc.string({ maxLength: 40 }),
  fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
);
const headerValue = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.uint8Array({ maxLength: 20 }).map((a) => Buffer.from(a)),
);
/**
 * Header keys, but not the names a plain object inherits (`valueOf`, `constructor`, ...): kafkajs's
 * decoder folds repeated keys by looking them up on a plain object, so it reads such a key's value
 * together with the inherited function (a kafkajs bug; the reader here is checked on them below).
 */
const headerKey = fc.string({ minLength: 1, maxLength: 8 }).filter((k) => !(k in Object.prototype));
const headers = fc.dictionary(headerKey, fc.oneof(headerValue, fc.array(headerValue, { minLength: 1, maxLength: 3 })), {
  maxKeys: 3,
});
/** 13-digit epoch ms (kafkajs sorts timestamps as strings, which orders these as numbers). */
const timestamp = fc.integer({ min: NOW - 86_400_000 * 30, max: NOW + 86_400_000 });
const record: fc.Arbitrary<BatchRecord> = fc.record({ key: bytes, value: bytes, timestamp: timestamp.map(String), headers });
const fields = fc.record({
  producerId: fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 2 ** 31 })),
  producerEpoch: fc.integer({ min: -1, max: 32767 }),
  baseSequence: fc.integer({ min: -1, max: 2 ** 31 - 1 }),
  transactional: fc.boolean(),
});

/** What kafkajs's fetch decoder gives for a record set, as the port's records. */
async function kafkajsRead(set: Buffer, from: number, until: number): Promise<KafkaRecord[]> {
  const prefixed = Buffer.concat([Buffer.alloc(4), set]);
  prefixed.writeInt32BE(set.length, 0);
  const messages = await decodeMessages(new Decoder(prefixed));
  return messages.filter((m) => !m.isControlRecord && Number(m.offset) >= from && Number(m.offset) < until).map((m) => fromRawMessage('t', 3, m));
}

function scan(set: Buffer, from: number, until: number): { records: KafkaRecord[]; next: number } {
  const records: KafkaRecord[] = [];
  const next = scanRecordSet(set, 0, set.length, from, until, {
    record(offset, ts, type, b, ks, ke, vs, ve, hc, hs) {
      records.push({
        key: ks < 0 ? null : b.subarray(ks, ke),
        value: vs < 0 ? null : b.subarray(vs, ve),
        topic: 't',
        partition: 3,
        offset,
        timestamp: ts,
        timestampType: type,
        headers: readHeaders(b, hc, hs),
      });
    },
  });
  return { records, next };
}

/** kafkajs folds repeated header keys into one key's list; compare header sets in that form. */
const canonical = (rs: KafkaRecord[]) => rs.map((r) => ({ ...r, headers: [...r.headers].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)) }));

describe('record batches without kafkajs objects', () => {
  it('encodes the bytes kafkajs encodes, CRC included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 12 }), fields, async (records, f) => {
        const ours = encodeRecordBatch(records, { ...f, now: NOW }, crc32c);
        expect(ours.equals(await kafkajsBatch(records, f))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('gives records without a timestamp the batch time, and takes numeric min and max times', () => {
    const b = encodeRecordBatch(
      [{ value: 'a' }, { value: 'b', timestamp: '999999999999' }, { value: 'c', timestamp: 1_000_000_000_000 }],
      {
        producerId: -1,
        producerEpoch: 0,
        baseSequence: 0,
        transactional: false,
        now: NOW,
      },
      crc32c,
    );
    expect(Number(b.readBigInt64BE(27))).toBe(999_999_999_999); // kafkajs's string sort would take 1000000000000
    expect(Number(b.readBigInt64BE(35))).toBe(NOW);
    expect(scan(b, 0, 10).records.map((r) => [r.value?.toString(), r.timestamp])).toEqual([
      ['a', NOW],
      ['b', 999_999_999_999],
      ['c', 1_000_000_000_000],
    ]);
  });

  it('reads header keys that a plain object inherits (valueOf, constructor, __proto__) as written', async () => {
    const written = Object.defineProperty({ valueOf: 'a', constructor: ['b', 'c'] } as Record<string, string | string[]>, '__proto__', {
      value: 'd',
      enumerable: true,
    });
    const set = await kafkajsBatch(
      [{ key: 'k', value: 'v', timestamp: String(NOW), headers: written }],
      { producerId: -1, producerEpoch: 0, baseSequence: 0, transactional: false },
      '0',
    );
    const [r] = scan(set, 0, 1).records;
    expect(r!.headers.map((h) => [h.key, h.value?.toString()])).toEqual([
      ['valueOf', 'a'],
      ['constructor', 'b'],
      ['constructor', 'c'],
      ['__proto__', 'd'],
    ]);
  });

  it('reads what kafkajs reads, within [from, until), and stops before a partial batch', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(record, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 }),
        fields,
        fc.nat(30),
        fc.nat(30),
        fc.nat(200),
        async (batches, f, a, b, cut) => {
          let base = 1_000_000;
          const parts: Buffer[] = [];
          for (const rs of batches) {
            parts.push(await kafkajsBatch(rs, f, String(base)));
            base += rs.length + 1; // a gap, as compaction or a control record leaves
          }
          const whole = Buffer.concat(parts);
          // a fetch's byte limit can end the set inside its last batch
          const set = whole.subarray(0, Math.max(0, whole.length - (parts.length > 1 ? Math.min(cut, parts.at(-1)!.length) : 0)));
          const from = 1_000_000 + Math.min(a, b);
          const until = 1_000_000 + Math.max(a, b) + 1;
          const got = scan(set, from, until);
          expect(canonical(got.records)).toEqual(canonical(await kafkajsRead(set, from, until)));
          const info = recordSetInfo(set, 0, set.length);
          expect(info.plain).toBe(true);
          expect(got.next).toBe(info.next);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads LogAppendTime batches with the batch max time, and skips control batches but counts their offsets', async () => {
    const data = await kafkajsBatch(
      [
        { value: 'x', timestamp: String(NOW) },
        { value: 'y', timestamp: String(NOW + 5) },
      ],
      { producerId: 7, producerEpoch: 0, baseSequence: 0, transactional: true },
      '10',
    );
    data.writeInt16BE(data.readInt16BE(21) | 0x08, 21); // timestamp type: LogAppendTime
    const control = await kafkajsBatch(
      [{ key: Buffer.from([0, 0, 0, 1]), value: Buffer.from([0, 0, 0, 0, 0, 0]), timestamp: String(NOW) }],
      { producerId: 7, producerEpoch: 0, baseSequence: 0, transactional: true },
      '12',
    );
    control.writeInt16BE(control.readInt16BE(21) | 0x20, 21); // a control batch (a commit marker)
    const got = scan(Buffer.concat([data, control]), 0, 100);
    expect(got.records.map((r) => [r.offset, r.value?.toString(), r.timestamp, r.timestampType])).toEqual([
      [10, 'x', NOW + 5, 1],
      [11, 'y', NOW + 5, 1],
    ]);
    expect(got.next).toBe(13);
  });

  it('skips the batches of aborted transactions as the Java consumer does, whatever the order of the broker’s list', async () => {
    const txn = (pid: number, offset: number, values: string[]) =>
      kafkajsBatch(
        values.map((value) => ({ value, timestamp: String(NOW) })),
        { producerId: pid, producerEpoch: 0, baseSequence: 0, transactional: true },
        String(offset),
      );
    const marker = async (pid: number, offset: number, type: 0 | 1) => {
      const key = Buffer.alloc(4);
      key.writeInt16BE(type, 2);
      const b = await kafkajsBatch(
        [{ key, value: Buffer.alloc(6), timestamp: String(NOW) }],
        { producerId: pid, producerEpoch: 0, baseSequence: 0, transactional: true },
        String(offset),
      );
      b.writeInt16BE(b.readInt16BE(21) | 0x20, 21);
      return b;
    };
    // producers 1 and 2 interleave; 1 aborts (marker at 6) and 2 commits (7); then 1 commits a new transaction (8-9, marker 10)
    const set = Buffer.concat([
      await txn(1, 0, ['1a', '1b']),
      await txn(2, 2, ['2a', '2b']),
      await txn(1, 4, ['1c', '1d']),
      await marker(1, 6, 0),
      await marker(2, 7, 1),
      await txn(1, 8, ['1e', '1f']),
      await marker(1, 10, 1),
    ]);
    const read = (from: number, list: { producerId: number; firstOffset: number }[]) => {
      const values: string[] = [];
      scanRecordSet(
        set,
        0,
        set.length,
        from,
        100,
        { record: (_o, _t, _y, b, _ks, _ke, vs, ve) => values.push(b.toString('utf8', vs, ve)) },
        new AbortedTransactions(list),
      );
      return values;
    };
    expect(read(0, [{ producerId: 1, firstOffset: 0 }])).toEqual(['2a', '2b', '1e', '1f']);
    // a read starting inside producer 1's aborted transaction; the broker lists it whatever the order
    expect(
      read(3, [
        { producerId: 3, firstOffset: 2 },
        { producerId: 1, firstOffset: 0 },
      ]),
    ).toEqual(['2b', '1e', '1f']);
    expect(read(4, [])).toEqual(['1c', '1d', '1e', '1f']); // read_uncommitted: no list, everything but the markers
  });

  it('leaves compressed and pre-0.11 record sets to kafkajs', async () => {
    const b = await kafkajsBatch([{ value: 'x', timestamp: String(NOW) }], { producerId: -1, producerEpoch: 0, baseSequence: 0, transactional: false });
    const gzip = Buffer.from(b);
    gzip.writeInt16BE(1, 21);
    expect(recordSetInfo(gzip, 0, gzip.length).plain).toBe(false);
    const old = Buffer.from(b);
    old[16] = 1;
    expect(recordSetInfo(old, 0, old.length).plain).toBe(false);
    expect(recordSetInfo(b, 0, b.length)).toEqual({ plain: true, next: 1 });
    expect(recordSetInfo(b, 0, b.length - 1)).toEqual({ plain: true, next: -1 });
  });
});

describe('the kafkajs produce fixes', () => {
  it('a Produce request has the bytes of kafkajs’s own encoder', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(record, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 3 }),
        fc.option(fc.string({ minLength: 1, maxLength: 12 }), { nil: undefined }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        async (partitions, transactionalId, producerId) => {
          const args = {
            acks: -1,
            timeout: 30_000,
            transactionalId,
            producerId,
            producerEpoch: 3,
            topicData: [
              { topic: 'a', partitions: partitions.map((messages, p) => ({ partition: p, firstSequence: p * 10, messages })) },
              { topic: 'b-ü', partitions: [{ partition: 0, firstSequence: 0, messages: partitions[0]! }] },
            ],
          };
          const ours = await produceV3(args).encode();
          const theirs = await produceV3.original(args).encode();
          expect(ours.buffer.equals(theirs.buffer)).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('frames a request with the bytes kafkajs framed it with', async () => {
    const request = require('kafkajs/src/protocol/request.js') as ((a: object) => Promise<{ buffer: Buffer }>) & {
      original: (a: object) => Promise<{ buffer: Buffer }>;
    };
    const Encoder = require('kafkajs/src/protocol/encoder.js') as new () => { writeBuffer(b: Buffer): unknown };
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 3000 }),
        fc.option(fc.string({ maxLength: 20 }), { nil: null }),
        fc.nat(2 ** 31 - 1),
        async (payload, clientId, correlationId) => {
          const args = () => ({
            correlationId,
            clientId,
            request: {
              apiKey: 0,
              apiVersion: 3,
              encode: async () => {
                const e = new Encoder();
                e.writeBuffer(Buffer.from(payload));
                return e;
              },
            },
          });
          expect((await request(args())).buffer.equals((await request.original(args())).buffer)).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('groups messages per partition as kafkajs did, in order', () => {
    const messages = Array.from({ length: 50 }, (_, i) => ({ value: String(i), partition: (i * 7) % 6 }));
    const args = { topic: 't', partitionMetadata: [{}], messages, partitioner: ({ message }: { message: { partition: number } }) => message.partition };
    expect(grouping(args)).toEqual(grouping.original(args));
    expect(grouping({ ...args, partitionMetadata: [] })).toEqual({});
  });

  it('are in effect in a process that loads kafkajs through this package', () => {
    expect(kafkajsPatches()).toEqual({ grouping: expect.any(Boolean), produceEncoder: expect.any(Boolean), requestFraming: expect.any(Boolean) });
    const module = fileURLToPath(new URL('./kafkajs.ts', import.meta.url));
    const out = execFileSync(
      process.execPath,
      ['--conditions=development', '--import', 'tsx', '-e', `import(${JSON.stringify(module)}).then((m) => console.log(JSON.stringify(m.kafkajsPatches())))`],
      { encoding: 'utf8' },
    );
    expect(JSON.parse(out)).toEqual({ grouping: true, produceEncoder: true, requestFraming: true });
  });

  it('builds kafkajs messages the encoder takes as they are', () => {
    const m = toKafkajsMessage({ topic: 't', key: 'k', value: Buffer.from('v'), timestamp: NOW, headers: [{ key: 'h', value: Buffer.from('1') }] });
    const b = encodeRecordBatch([m as BatchRecord], { producerId: -1, producerEpoch: 0, baseSequence: 0, transactional: false, now: 0 }, crc32c);
    const [r] = scan(b, 0, 1).records;
    expect([r!.key?.toString(), r!.value?.toString(), r!.timestamp, r!.headers.map((h) => [h.key, h.value?.toString()])]).toEqual([
      'k',
      'v',
      NOW,
      [['h', '1']],
    ]);
  });
});
