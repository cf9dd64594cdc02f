import { describe, expect, it } from 'vitest';
import { dedup, originalOf } from './dedup.js';

const base = Date.UTC(2026, 11, 6);

describe('the dedup workload', () => {
  it('makes two records in three exact copies of an original at most 3,000 records (30 s) earlier', () => {
    let resends = 0;
    for (let i = 0; i < 9_000; i++) {
      const j = originalOf(i);
      expect(j % 3).toBe(0);
      expect(i - j).toBeLessThanOrEqual(3_000);
      if (j !== i) {
        resends++;
        expect(dedup.record(i, 9_000, base)).toEqual(dedup.record(j, 9_000, base));
      }
    }
    expect(resends).toBe(6_000);
  });

  it('expects each original id once with its event time, and nothing else', () => {
    const n = 9_001;
    const expected = dedup.expected(n, base);
    expect(expected.size).toBe(3_001);
    for (let i = 0; i < n; i++) {
      const r = dedup.record(i, n, base);
      const e = JSON.parse(String(r.value)) as { id: number; ts: number };
      expect(r.key).toBe(String(e.id));
      expect(expected.get(String(e.id))).toBe(String(e.ts));
    }
    expect(dedup.result(Buffer.from('{"id":42,"ts":1000}'))).toEqual(['42', '1000']);
  });
});
