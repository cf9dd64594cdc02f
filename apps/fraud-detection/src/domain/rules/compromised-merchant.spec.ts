import { describe, expect, it } from 'vitest';
import { evidenceOf } from '../alert.js';
import { merchantFixture, T0, txFixture } from '../fixtures.js';
import { DEFAULT_RULES } from '../rules-config.js';
import { compromisedMerchant, exposedCardReuse, type MerchantWindow } from './compromised-merchant.js';

const cfg = DEFAULT_RULES.compromisedMerchant;
const window = { start: T0, end: T0 + 5 * 60_000 };
function row(distinctCards: number): MerchantWindow {
  const txs = Array.from({ length: distinctCards }, (_, i) => txFixture({ cardId: `c${i}`, eventTime: T0 + i * 1000 }));
  return {
    merchantId: 'm-grocer',
    window,
    distinctCards,
    txCount: distinctCards,
    lastEventTime: T0 + (distinctCards - 1) * 1000,
    cards: txs.map((t) => t.cardId),
    evidence: txs.map(evidenceOf),
  };
}

describe('compromisedMerchant', () => {
  it('alerts on a surge of distinct cards against the merchant baseline', () => {
    const a = compromisedMerchant(row(15), merchantFixture({ usualCardsPer5Min: 2 }), cfg)!;
    expect(a.entityType).toBe('merchant');
    expect(a.entityId).toBe('m-grocer');
    expect(a.metrics.threshold).toBe(Math.max(cfg.minDistinctCards, 2 * cfg.surgeFactor));
    expect(a.reason).toContain('15 distinct cards at Épicerie du Marais');
  });

  it('a busy merchant needs a bigger surge than the absolute minimum', () => {
    const busy = merchantFixture({ usualCardsPer5Min: 10 });
    expect(compromisedMerchant(row(cfg.minDistinctCards + 5), busy, cfg)).toBeNull();
    expect(compromisedMerchant(row(10 * cfg.surgeFactor), busy, cfg)).not.toBeNull();
  });

  it('stays quiet on ordinary traffic', () => {
    expect(compromisedMerchant(row(4), merchantFixture(), cfg)).toBeNull();
  });
});

describe('exposedCardReuse', () => {
  const exposure = { cardId: 'c1', merchantId: 'm-grocer', flaggedAt: T0 };
  it('alerts when an exposed card is used elsewhere soon after the flag', () => {
    const a = exposedCardReuse(txFixture({ merchantId: 'm-shop', eventTime: T0 + 600_000 }), exposure, 3_600_000)!;
    expect(a.entityId).toBe('c1');
    expect(a.merchantId).toBe('m-grocer');
    expect(a.metrics.minutesAfterFlag).toBe(10);
    const later = exposedCardReuse(txFixture({ merchantId: 'm-other', eventTime: T0 + 900_000 }), exposure, 3_600_000)!;
    expect(later.dedupKey).toBe(a.dedupKey); // one exposed card, one alert to an analyst
    expect(later.alertId).not.toBe(a.alertId);
  });

  it('ignores the same merchant, other cards, uses before the flag and long after', () => {
    expect(exposedCardReuse(txFixture({ eventTime: T0 + 1 }), exposure, 3_600_000)).toBeNull();
    expect(exposedCardReuse(txFixture({ cardId: 'c9', merchantId: 'm-shop', eventTime: T0 + 1 }), exposure, 3_600_000)).toBeNull();
    expect(exposedCardReuse(txFixture({ merchantId: 'm-shop', eventTime: T0 - 1 }), exposure, 3_600_000)).toBeNull();
    expect(exposedCardReuse(txFixture({ merchantId: 'm-shop', eventTime: T0 + 3_600_001 }), exposure, 3_600_000)).toBeNull();
  });
});
