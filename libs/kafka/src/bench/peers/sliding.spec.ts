import { describe, expect, it } from 'vitest';
import { amountOf, sliding } from './sliding.js';
import { eventTime } from './tumbling.js';

const base = Date.UTC(2026, 11, 6);
const MINUTE = 60_000;

describe('the sliding workload', () => {
  it('writes the tumbling records with integer amounts in cents', () => {
    const r = sliding.record(12_345, 200_000, base);
    const e = JSON.parse(String(r.value)) as { key: string; ts: number; amount: number };
    expect(r.key).toBe('key-45');
    expect(e.ts).toBe(eventTime(12_345, base));
    expect(Number.isInteger(e.amount)).toBe(true);
    expect(e.amount).toBe(amountOf(12_345));
  });

  it('expects, per key and 10-minute window starting every minute, the sum and average of its records', () => {
    const n = 30_000;
    // Brute force: every record into each of the 10 windows that contain it.
    const brute = new Map<string, number[]>();
    for (let i = 0; i < n; i++) {
      const ts = eventTime(i, base);
      const last = Math.floor(ts / MINUTE) * MINUTE;
      for (let start = last; start > ts - 10 * MINUTE; start -= MINUTE) {
        const k = `key-${i % 100}|${start}`;
        brute.set(k, [...(brute.get(k) ?? []), amountOf(i)]);
      }
    }
    const expected = sliding.expected(n, base);
    expect(expected.size).toBe(brute.size);
    for (const [k, amounts] of brute) {
      const total = amounts.reduce((a, b) => a + b, 0);
      expect(expected.get(k)).toBe(`${total} ${total / amounts.length}`);
    }
  });

  it('reads a result the same whether a system prints its doubles as 12.0 or 12', () => {
    expect(sliding.result(Buffer.from('{"key":"key-1","start":60000,"sum":25.0,"avg":12.5}'))).toEqual(['key-1|60000', '25 12.5']);
    expect(sliding.result(Buffer.from('{"key":"key-1","start":60000,"sum":25,"avg":12.5}'))).toEqual(['key-1|60000', '25 12.5']);
  });
});
