import { describe, expect, it } from 'vitest';
import { profileFixture, txFixture } from '../fixtures.js';
import { DEFAULT_RULES } from '../rules-config.js';
import { amountAnomaly, amountScore } from './amount-anomaly.js';

const cfg = DEFAULT_RULES.amountAnomaly;
const profile = profileFixture();

describe('amountScore', () => {
  it('is zero at the habit and grows with the log of the ratio', () => {
    expect(amountScore({ amount: 40, currency: 'EUR' }, profile)).toBeCloseTo(0, 9);
    const x10 = amountScore({ amount: 400, currency: 'EUR' }, profile);
    const x100 = amountScore({ amount: 4000, currency: 'EUR' }, profile);
    expect(x10).toBeCloseTo((0.6745 * Math.log(10)) / 0.45, 6);
    expect(x100).toBeCloseTo(2 * x10, 6);
  });

  it('converts foreign currencies before comparing', () => {
    expect(amountScore({ amount: 100, currency: 'GBP' }, profile)).toBeGreaterThan(amountScore({ amount: 100, currency: 'EUR' }, profile));
  });
});

describe('amountAnomaly', () => {
  it('alerts on 12.5 times the habit, with the ratio in the reason', () => {
    const a = amountAnomaly(txFixture({ amount: 500 }), profile, cfg)!;
    expect(a.rule).toBe('amount-anomaly');
    expect(a.reason).toContain('12.5× this holder');
    expect(a.metrics.robustScore).toBeGreaterThan(cfg.minRobustScore);
    expect(a.evidence).toHaveLength(1);
  });

  it('does not alert on a usual amount, or on a small one however unusual', () => {
    expect(amountAnomaly(txFixture({ amount: 60 }), profile, cfg)).toBeNull();
    const tiny = profileFixture({ spendLogMedian: Math.log(3), typicalSpendEur: 3 });
    expect(amountAnomaly(txFixture({ amount: cfg.minAmountEur - 1 }), tiny, cfg)).toBeNull();
  });

  it('does not score ATM cash, which follows its own habit', () => {
    expect(amountAnomaly(txFixture({ amount: 500, channel: 'atm' }), profile, cfg)).toBeNull();
  });

  it('judges each holder by their own habit', () => {
    const bigSpender = profileFixture({ spendLogMedian: Math.log(350), typicalSpendEur: 350 });
    expect(amountAnomaly(txFixture({ amount: 400 }), bigSpender, cfg)).toBeNull();
  });

  it('scores a charge above the per-transaction limit higher', () => {
    const under = amountAnomaly(txFixture({ amount: 1400 }), profile, cfg)!;
    const over = amountAnomaly(txFixture({ amount: 1600 }), profile, cfg)!;
    expect(over.score - under.score).toBeGreaterThan(0.15);
  });
});
