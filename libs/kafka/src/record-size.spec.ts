import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toKafkajsMessage } from './kafkajs/convert.js';
import type { OutgoingRecord } from './port.js';
import { singleRecordBatchBytes, varintBytes } from './record-size.js';

// kafkajs's own v2 record batch encoder: the bytes a producer sends, so the sizes must agree.
const require = createRequire(import.meta.url);
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0/index.js') as { RecordBatch: (args: object) => Promise<{ size(): number }> };
const Record = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (args: object) => unknown;

async function kafkajsBatchBytes(r: OutgoingRecord): Promise<number> {
  const m = toKafkajsMessage(r);
  const headers = m.headers ?? {};
  const batch = await RecordBatch({
    firstOffset: '0',
    firstTimestamp: 0,
    maxTimestamp: 0,
    lastOffsetDelta: 0,
    records: [Record({ offsetDelta: 0, timestampDelta: 0, key: m.key ?? null, value: m.value, headers })],
  });
  // base offset (8) + length (4) + the batch: what the log stores and the broker checks
  return batch.size();
}

describe('record size', () => {
  it('encodes varints as Kafka does (zigzag)', () => {
    expect([0, -1, 63, 64, -64, -65, 8191, 8192, 1_048_576].map(varintBytes)).toEqual([1, 1, 1, 2, 1, 2, 2, 3, 4]);
  });

  it('gives the size of the record batch kafkajs encodes, for any key, value and headers', async () => {
    const bytes = fc.oneof(
      fc.constant(null),
      fc.string(),
      fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
    );
    await fc.assert(
      fc.asyncProperty(
        bytes,
        fc.oneof(
          bytes,
          fc.integer({ min: 0, max: 200_000 }).map((n) => Buffer.alloc(n, 0x61)),
        ),
        fc.array(
          fc.record({
            key: fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.constantFrom('toString', '__proto__', 'constructor')),
            value: fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a)),
          }),
          { maxLength: 4 },
        ),
        async (key, value, headers) => {
          // kafkajs folds repeated header keys into arrays; keep keys unique so both count the same headers.
          const unique = [...new Map(headers.map((h) => [h.key, h])).values()];
          const r: OutgoingRecord = { topic: 't', key, value, headers: unique };
          expect(singleRecordBatchBytes(r)).toBe(await kafkajsBatchBytes(r));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts the record the probe sent as fitting the default limit, and its dead letter as not', () => {
    const value = Buffer.alloc(1_048_512, 0x7b);
    expect(singleRecordBatchBytes({ value })).toBeLessThanOrEqual(1_048_588);
    const headers = [
      { key: 'streamlab.error', value: Buffer.from('malformed JSON: Unexpected end of JSON input') },
      { key: 'streamlab.source.topic', value: Buffer.from('tx') },
    ];
    expect(singleRecordBatchBytes({ value, headers })).toBeGreaterThan(1_048_588);
  });
});
