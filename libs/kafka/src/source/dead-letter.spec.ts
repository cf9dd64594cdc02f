import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EmbeddedBroker } from '../embedded/embedded-broker.js';
import { createEmbeddedKafka } from '../embedded/embedded-client.js';
import type { KafkaRecord } from '../port.js';
import { DEFAULT_MAX_MESSAGE_BYTES, singleRecordBatchBytes } from '../record-size.js';
import { DeadLetterWriter, DLQ_HEADERS, DLQ_HEADER_ROOM, deadLetterRecord, fitDeadLetter, MAX_ERROR_CHARS } from './dead-letter.js';

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => silent } as never;
const source = (value: Buffer | null, key: Buffer | null = null, headers: KafkaRecord['headers'] = []): KafkaRecord => ({
  key,
  value,
  topic: 'tx',
  partition: 3,
  offset: 42,
  timestamp: 1_700_000_000_000,
  timestampType: 0,
  headers,
});
const headerOf = (r: { headers?: { key: string; value: Buffer | null }[] }, key: string) => r.headers?.find((h) => h.key === key)?.value?.toString();

describe('fitDeadLetter', () => {
  it('leaves a dead letter that fits as it is', () => {
    const dl = deadLetterRecord('tx-dlq', source(Buffer.from('{"a":')), 'malformed JSON');
    expect(fitDeadLetter(dl, DEFAULT_MAX_MESSAGE_BYTES)).toBe(dl);
  });

  it('cuts the value of one that does not, saying so and keeping the reason and origin', () => {
    const huge = Buffer.alloc(1_048_512, 0x7b);
    const dl = deadLetterRecord('tx-dlq', source(huge, Buffer.from('card-1'), [{ key: 'trace', value: Buffer.from('t1') }]), 'malformed JSON');
    expect(singleRecordBatchBytes(dl)).toBeGreaterThan(DEFAULT_MAX_MESSAGE_BYTES);
    const fitted = fitDeadLetter(dl, DEFAULT_MAX_MESSAGE_BYTES);
    expect(singleRecordBatchBytes(fitted)).toBeLessThanOrEqual(DEFAULT_MAX_MESSAGE_BYTES);
    expect(singleRecordBatchBytes(fitted)).toBeGreaterThan(DEFAULT_MAX_MESSAGE_BYTES - 8); // cut no more than needed
    expect(headerOf(fitted, DLQ_HEADERS.truncated)).toBe('value');
    expect(headerOf(fitted, DLQ_HEADERS.valueBytes)).toBe('1048512');
    expect(headerOf(fitted, DLQ_HEADERS.error)).toBe('malformed JSON');
    expect(headerOf(fitted, DLQ_HEADERS.offset)).toBe('42');
    expect(headerOf(fitted, 'trace')).toBe('t1');
    expect(fitted.key).toEqual(Buffer.from('card-1'));
  });

  it('caps the reason it keeps', () => {
    const dl = deadLetterRecord('tx-dlq', source(Buffer.from('x')), 'e'.repeat(5000));
    expect(headerOf(dl, DLQ_HEADERS.error)).toHaveLength(MAX_ERROR_CHARS);
    expect(headerOf(dl, DLQ_HEADERS.error)!.endsWith('…')).toBe(true);
  });

  it('always fits any limit that can hold its reason and origin, cutting value, then headers, then key', () => {
    const bytes = (max: number) =>
      fc.oneof(
        fc.constant(null),
        fc.integer({ min: 0, max }).map((n) => Buffer.alloc(n, 0x61)),
      );
    fc.assert(
      fc.property(
        bytes(50_000),
        bytes(20_000),
        fc.array(fc.record({ key: fc.string({ maxLength: 30 }), value: bytes(3000) }), { maxLength: 5 }),
        fc.string({ maxLength: 300 }),
        fc.integer({ min: 0, max: 80_000 }),
        (value, key, headers, error, extra) => {
          const dl = deadLetterRecord('tx-dlq', source(value, key, headers), error);
          // The least a dead letter can be: a 256-byte key, no value, our headers and the notes.
          const floor = 61 + 5 + 256 + 3 + 3 + 1200 + error.length * 3 + 400;
          const limit = floor + extra;
          const fitted = fitDeadLetter(dl, limit);
          expect(singleRecordBatchBytes(fitted)).toBeLessThanOrEqual(limit);
          if (singleRecordBatchBytes(dl) <= limit) {
            expect(fitted).toBe(dl);
            return;
          }
          const cut = headerOf(fitted, DLQ_HEADERS.truncated)!.split(',');
          expect(cut[0]).toBe('value');
          if (cut.includes('headers')) expect(headerOf(fitted, DLQ_HEADERS.headerCount)).toBe(String(headers.length));
          if (cut.includes('key')) expect(headerOf(fitted, DLQ_HEADERS.keyBytes)).toBe(String(key!.length));
          if (value) expect((fitted.value as Buffer).equals(value.subarray(0, (fitted.value as Buffer).length))).toBe(true);
          expect(headerOf(fitted, DLQ_HEADERS.error)).toBe(headerOf(dl, DLQ_HEADERS.error));
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('DeadLetterWriter', () => {
  it("creates a dead-letter topic allowing its source's largest record plus the headers", async () => {
    const kafka = createEmbeddedKafka({ broker: new EmbeddedBroker() });
    await kafka.admin.createTopics([{ topic: 'big', configs: { 'max.message.bytes': '5000000' } }, { topic: 'tx' }]);
    const writer = new DeadLetterWriter(kafka, silent);
    const fromBig = deadLetterRecord('big-dlq', { ...source(Buffer.alloc(4_000_000)), topic: 'big' }, 'malformed JSON');
    await writer.write([fromBig, deadLetterRecord('tx-dlq', source(Buffer.alloc(1_048_512)), 'malformed JSON')]);
    expect((await kafka.admin.topicConfigs('big-dlq'))['max.message.bytes']).toBe(String(5_000_000 + DLQ_HEADER_ROOM));
    expect((await kafka.admin.topicConfigs('tx-dlq'))['max.message.bytes']).toBe(String(DEFAULT_MAX_MESSAGE_BYTES + DLQ_HEADER_ROOM));
    const [[stored]] = (await kafka.reader().read([{ topic: 'big-dlq', partition: 0, from: 0, until: 1 }])) as [KafkaRecord[]];
    expect(stored!.value!.length).toBe(4_000_000);
    await writer.close();
  });
});
