import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { KafkaRecord } from '../port.js';
import { bytesDecoderOf, decodeJson, generalDecoderOf } from './decode.js';

const record = (value: string | null): KafkaRecord => ({
  key: null,
  value: value === null ? null : Buffer.from(value),
  topic: 't',
  partition: 0,
  offset: 0,
  timestamp: 0,
  timestampType: 0,
  headers: [],
});
const Tx = z.object({ cardId: z.string(), amount: z.number(), ts: z.number() });

describe('decodeJson', () => {
  const decode = decodeJson(Tx, { maxBytes: 100 });

  it('returns the validated object', () => {
    expect(decode(record('{"cardId":"c1","amount":12.5,"ts":1000}'))).toEqual({ ok: true, value: { cardId: 'c1', amount: 12.5, ts: 1000 } });
  });

  it.each([
    ['{"cardId":"c1",', /^malformed JSON/],
    ['{"cardId":"c1","amount":"12","ts":1}', /^invalid at amount:/],
    ['{"cardId":"c1","amount":1}', /^invalid at ts:/],
    [`{"cardId":"${'x'.repeat(200)}","amount":1,"ts":1}`, /over the limit of 100/],
    [null, /tombstone/],
  ])('rejects %j with a reason', (value, reason) => {
    const result = decode(record(value));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(reason);
  });

  it('rejects invalid UTF-8 instead of decoding it to U+FFFD, so different bad keys do not merge', () => {
    const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
    const bad = [
      bytes('{"cardId":"c', [0xff], '","amount":1,"ts":1}'), // a byte that never occurs in UTF-8
      bytes('{"cardId":"c', [0xc3], '","amount":1,"ts":1}'), // a truncated 2-byte sequence
      bytes('{"cardId":"c', [0xed, 0xa0, 0x80], '","amount":1,"ts":1}'), // an encoded surrogate (CESU-8)
      bytes('{"cardId":"c', [0xc0, 0xaf], '","amount":1,"ts":1}'), // an overlong '/'
    ];
    for (const decoder of [decode, decodeJson(z.object({ cardId: z.string(), amount: z.number(), ts: z.number(), note: z.string().optional() }))]) {
      for (const value of bad) {
        const result = decoder({ ...record(null), value });
        expect(result, value.toString('hex')).toEqual({ ok: false, error: expect.stringMatching(/^invalid UTF-8/) });
      }
    }
    // Valid multi-byte UTF-8 still decodes, on the general path.
    expect(decode(record('{"cardId":"café ✓ 😀","amount":1,"ts":1}'))).toEqual({ ok: true, value: { cardId: 'café ✓ 😀', amount: 1, ts: 1 } });
  });

  it('exposes its general path alone, which agrees with it on records the fast path takes and declines', () => {
    const general = generalDecoderOf(decode)!;
    expect(general).toBeTypeOf('function');
    expect(bytesDecoderOf(decode)).toBeTypeOf('function');
    for (const value of [
      '{"cardId":"c1","amount":12.5,"ts":1000}',
      '{ "ts": 1e3, "amount": 1, "cardId": "c\\u0031" }',
      '{"cardId":"c1","amount":"12","ts":1}',
      '{"cardId"',
      null,
    ]) {
      expect(general(record(value))).toEqual(decode(record(value)));
    }
    expect(general(record('{ "ts": 1e3, "amount": 1, "cardId": "c\\u0031" }'))).toEqual({ ok: true, value: { cardId: 'c1', amount: 1, ts: 1000 } });
    expect(generalDecoderOf(decodeJson(z.object({ a: z.array(z.number()) })))).toBeUndefined();
  });
});
