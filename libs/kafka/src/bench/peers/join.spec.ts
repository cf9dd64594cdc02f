import { describe, expect, it } from 'vitest';
import { join, orderTime } from './join.js';

const base = Date.UTC(2026, 11, 6);

describe('the join workload', () => {
  it('sends orders to the first topic and payments to the second, both keyed by order id', () => {
    const topics = [0, 0];
    for (let i = 0; i < 800; i++) {
      const r = join.record(i, 800, base);
      const v = JSON.parse(String(r.value)) as { orderId: string; paymentTs?: number; orderTs?: number };
      topics[r.input ?? 0]!++;
      expect(r.key).toBe(v.orderId);
      expect(r.timestamp).toBe(v.paymentTs ?? v.orderTs);
    }
    expect(topics).toEqual([400, 400]);
  });

  it('expects the pairs within [0, 60 s] of their order, both bounds included, from a brute-force join', () => {
    const n = 4_000;
    const orders = new Map<string, number>();
    const payments: { orderId: string; paymentId: string; paymentTs: number }[] = [];
    for (let i = 0; i < n; i++) {
      const v = JSON.parse(String(join.record(i, n, base).value)) as { orderId: string; orderTs?: number; paymentId?: string; paymentTs?: number };
      if (v.paymentId) payments.push({ orderId: v.orderId, paymentId: v.paymentId, paymentTs: v.paymentTs! });
      else orders.set(v.orderId, v.orderTs!);
    }
    const brute = new Map<string, string>();
    for (const p of payments) {
      const delta = p.paymentTs - orders.get(p.orderId)!;
      if (delta >= 0 && delta <= 60_000) brute.set(`${p.orderId}|${p.paymentId}`, String(delta));
    }
    expect(join.expected(n, base)).toEqual(brute);
    expect(brute.size).toBe(1_500);
    const deltas = new Set(brute.values());
    expect(deltas.has('0')).toBe(true);
    expect(deltas.has('60000')).toBe(true);
    // the payments just outside the range exist in the input and are not expected
    expect(payments.some((p) => p.paymentTs - orders.get(p.orderId)! === 60_010)).toBe(true);
    expect(payments.some((p) => p.paymentTs - orders.get(p.orderId)! === -10)).toBe(true);
    expect(orderTime(1, base) - orderTime(0, base)).toBeLessThan(10_020);
  });
});
