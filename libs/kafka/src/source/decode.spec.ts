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

  it('exposes its general path alone, which agrees with it on records the fast path takes and declines', () => {
    const general = generalDecoderOf(decode)!;
    expect(general).toBeTypeOf('function');
    expect(bytesDecoderOf(decode)).toBeTypeOf('function');
    for (const value of ['{"cardId":"c1","amount":12.5,"ts":1000}', '{ "ts": 1e3, "amount": 1, "cardId": "c\\u0031" }', '{"cardId":"c1","amount":"12","ts":1}', '{"cardId"', null]) {
      expect(general(record(value))).toEqual(decode(record(value)));
    }
    expect(general(record('{ "ts": 1e3, "amount": 1, "cardId": "c\\u0031" }'))).toEqual({ ok: true, value: { cardId: 'c1', amount: 1, ts: 1000 } });
    expect(generalDecoderOf(decodeJson(z.object({ a: z.array(z.number()) })))).toBeUndefined();
  });
});
