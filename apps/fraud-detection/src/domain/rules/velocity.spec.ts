import { describe, expect, it } from 'vitest';
import type { EvidenceRow } from '../alert.js';
import { DEFAULT_RULES } from '../rules-config.js';
import { velocityRule, type VelocityWindow } from './velocity.js';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const ev = (i: number, amount = 20): EvidenceRow => ({
  txId: `tx${i}`,
  cardId: 'c1',
  eventTime: T0 + i * 20_000,
  amount,
  currency: 'EUR',
  merchantId: 'm1',
  channel: 'e-commerce',
  city: 'Paris',
  country: 'FR',
  lat: 48.85,
  lon: 2.35,
});
const row = (n: number, amountEur: number): VelocityWindow => ({
  cardId: 'c1',
  window: { start: T0, end: T0 + 300_000 },
  txCount: n,
  amountEur,
  lastEventTime: T0 + (n - 1) * 20_000,
  evidence: Array.from({ length: n }, (_, i) => ev(n - 1 - i)),
});
const cfg = DEFAULT_RULES.velocity;

describe('velocityRule', () => {
  it('stays quiet below both thresholds', () => {
    expect(velocityRule(row(cfg.maxTxPerWindow - 1, 200), cfg)).toBeNull();
    expect(velocityRule(row(cfg.minTxForAmount - 1, cfg.maxAmountEurPerWindow * 2), cfg)).toBeNull();
  });

  it('alerts on the count threshold with the window and the evidence in time order', () => {
    const a = velocityRule(row(cfg.maxTxPerWindow, 120), cfg)!;
    expect(a.rule).toBe('velocity');
    expect(a.entityId).toBe('c1');
    expect(a.reason).toBe(`${cfg.maxTxPerWindow} transactions in 5 minutes (limit ${cfg.maxTxPerWindow})`);
    expect(a.evidence.map((e) => e.txId)).toEqual(Array.from({ length: cfg.maxTxPerWindow }, (_, i) => `tx${i}`));
    expect(a.eventTime).toBe(T0 + (cfg.maxTxPerWindow - 1) * 20_000);
    expect(a.metrics.windowEnd).toBe(T0 + 300_000);
  });

  it('alerts on a few transactions adding up to a lot of money', () => {
    const a = velocityRule(row(cfg.minTxForAmount, cfg.maxAmountEurPerWindow + 1), cfg)!;
    expect(a.reason).toContain('totalling €');
    expect(a.score).toBeGreaterThanOrEqual(0.5);
  });

  it('scores a bigger burst higher', () => {
    const small = velocityRule(row(cfg.maxTxPerWindow, 100), cfg)!;
    const big = velocityRule(row(cfg.maxTxPerWindow * 2, 100), cfg)!;
    expect(big.score).toBeGreaterThan(small.score);
  });
});

describe('velocity alert identity', () => {
  it('overlapping windows that saw the same burst share a dedup key but not an id', () => {
    const a = velocityRule(row(cfg.maxTxPerWindow, 120), cfg)!;
    const b = velocityRule({ ...row(cfg.maxTxPerWindow, 120), window: { start: T0 + 30_000, end: T0 + 330_000 } }, cfg)!;
    expect(a.dedupKey).toBe(b.dedupKey);
    expect(a.alertId).not.toBe(b.alertId);
  });
});
