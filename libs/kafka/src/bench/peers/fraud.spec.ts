import { describe, expect, it } from 'vitest';
import { alerts, fraud, fraudTx, originalTx } from './fraud.js';

const base = Date.UTC(2026, 11, 6);
const WINDOW = 5 * 60_000;
const SLIDE = 15_000;

describe('the fraud workload', () => {
  it('resends every 10th transaction, an exact copy of one up to ~2 s of records earlier, keyed by card', () => {
    for (let i = 0; i < 4_940; i++) {
      const j = originalTx(i);
      expect(i - j).toBeLessThanOrEqual(200);
      expect(originalTx(j)).toBe(j);
      if (i % 10 === 9) expect(fraud.record(i, 5_000, base)).toEqual(fraud.record(j, 5_000, base));
    }
    const r = fraud.record(123, 5_000, base);
    expect(r.key).toBe((JSON.parse(String(r.value)) as { cardId: string }).cardId);
  });

  it('expects the velocity alerts of a brute-force sliding window over the original transactions', () => {
    const n = 30_000;
    const cards = new Map<string, [number, number][]>();
    for (let j = 0; j < n - 60; j++) {
      if (originalTx(j) !== j) continue;
      const t = fraudTx(j, base);
      cards.set(t.card, [...(cards.get(t.card) ?? []), [t.ts, t.amount]]);
    }
    const brute = new Map<string, string>();
    for (const [card, txs] of cards) {
      const starts = new Set(txs.flatMap(([ts]) => Array.from({ length: WINDOW / SLIDE }, (_, h) => Math.floor(ts / SLIDE) * SLIDE - h * SLIDE)));
      for (const start of starts) {
        const inside = txs.filter(([ts]) => ts >= start && ts < start + WINDOW);
        const amount = inside.reduce((a, [, x]) => a + x, 0);
        if (alerts(inside.length, amount)) brute.set(`${card}|${start}`, `${inside.length} ${amount}`);
      }
    }
    const expected = fraud.expected(n, base);
    expect(expected).toEqual(brute);
    // bursts alert on count, the 900-euro triples on amount
    expect([...expected.keys()].some((k) => k.startsWith('card-burst-'))).toBe(true);
    expect([...expected.entries()].some(([k, v]) => k.startsWith('card-big-') && v === '3 270000')).toBe(true);
  });

  it('puts the 60 flush records 10 minutes after the rest, on cards of their own', () => {
    const n = 10_000;
    let last = 0;
    for (let i = 0; i < n - 60; i++) last = Math.max(last, fraud.record(i, n, base).timestamp!);
    for (let i = n - 60; i < n; i++) {
      const r = fraud.record(i, n, base);
      expect(String(r.key)).toMatch(/^card-flush-/);
      expect(r.timestamp! - last).toBeGreaterThan(5 * 60_000 + 15_000);
    }
  });
});
