import { describe, expect, it } from 'vitest';
import { eventTime, tumbling } from './tumbling.js';

const base = Date.UTC(2026, 11, 6);

describe('the tumbling workload', () => {
  it('writes ~200-byte JSON records over 100 keys, keyed and stamped with their event time', () => {
    const r = tumbling.record(12_345, 200_000, base);
    const e = JSON.parse(String(r.value)) as { key: string; ts: number };
    expect(String(r.value).length).toBeGreaterThan(190);
    expect(String(r.value).length).toBeLessThan(230);
    expect(r.key).toBe('key-45');
    expect(e.key).toBe('key-45');
    expect(r.timestamp).toBe(e.ts);
  });

  it('keeps event-time disorder within ±20 s, far inside the 10-minute watermark', () => {
    let worst = 0;
    for (let i = 0; i < 50_000; i++) worst = Math.max(worst, Math.abs(eventTime(i, base) - (base + i * 10)));
    expect(worst).toBeLessThanOrEqual(20_000);
    expect(worst).toBeGreaterThan(19_000);
    expect(tumbling.spanMs(1_000)).toBe(30_000);
  });

  it('expects one count per key and minute that add up to the input', () => {
    const expected = tumbling.expected(20_000, base);
    let total = 0;
    for (const [k, v] of expected) {
      expect(k).toMatch(/^key-\d+\|\d+$/);
      expect(Number(k.split('|')[1]) % 60_000).toBe(0);
      total += Number(v);
    }
    expect(total).toBe(20_000);
    expect(tumbling.result(Buffer.from('{"key":"key-1","start":60000,"count":7}'))).toEqual(['key-1|60000', '7']);
  });
});
