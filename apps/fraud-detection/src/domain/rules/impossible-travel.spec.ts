import { describe, expect, it } from 'vitest';
import type { Transaction } from '../schemas.js';
import { evidenceOf } from '../alert.js';
import { DEFAULT_RULES } from '../rules-config.js';
import { impossibleTravel, travelStep } from './impossible-travel.js';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const cfg = DEFAULT_RULES.impossibleTravel;
const PARIS = { city: 'Paris', country: 'FR', lat: 48.8566, lon: 2.3522 };
const NEW_YORK = { city: 'New York', country: 'US', lat: 40.7128, lon: -74.006 };
const VERSAILLES = { city: 'Versailles', country: 'FR', lat: 48.8049, lon: 2.1204 };

let n = 0;
function tx(place: typeof PARIS, minutes: number, channel: Transaction['channel'] = 'card-present'): Transaction {
  n += 1;
  return {
    txId: `tx${n}`,
    cardId: 'c1',
    accountId: 'a1',
    amount: 30,
    currency: 'EUR',
    merchantId: 'm1',
    mcc: '5411',
    channel,
    deviceId: 'pos-1',
    eventTime: T0 + minutes * 60_000,
    ...place,
  };
}

describe('impossibleTravel', () => {
  it('alerts on Paris then New York 30 minutes later, with both rows as evidence', () => {
    const a = impossibleTravel(evidenceOf(tx(PARIS, 0)), evidenceOf(tx(NEW_YORK, 30)), cfg)!;
    expect(a.rule).toBe('impossible-travel');
    expect(a.evidence.map((e) => e.city)).toEqual(['Paris', 'New York']);
    expect(a.metrics.distanceKm).toBeGreaterThan(5800);
    expect(a.metrics.speedKmh).toBeGreaterThan(11_000);
    expect(a.reason).toContain('Paris (FR) then New York (US)');
    expect(a.eventTime).toBe(T0 + 30 * 60_000);
  });

  it('accepts a flight: Paris then New York 9 hours later', () => {
    expect(impossibleTravel(evidenceOf(tx(PARIS, 0)), evidenceOf(tx(NEW_YORK, 9 * 60)), cfg)).toBeNull();
  });

  it('ignores short hops even when fast (neighbouring towns, GPS noise)', () => {
    expect(impossibleTravel(evidenceOf(tx(PARIS, 0)), evidenceOf(tx(VERSAILLES, 0.5)), cfg)).toBeNull();
  });

  it('scores two far places at the same instant as certain', () => {
    const a = impossibleTravel(evidenceOf(tx(PARIS, 0)), evidenceOf(tx(NEW_YORK, 0)), cfg)!;
    expect(a.score).toBe(1);
    expect(a.reason).toContain('at the same instant');
  });
});

describe('travelStep', () => {
  it('compares consecutive physical uses in event time order, whatever the arrival order', () => {
    const rows = [tx(NEW_YORK, 20), tx(PARIS, 0), tx(PARIS, 10)];
    const { state, alerts } = travelStep(undefined, rows, cfg);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.evidence.map((e) => e.eventTime)).toEqual([T0 + 10 * 60_000, T0 + 20 * 60_000]);
    expect(state!.last.city).toBe('New York');
  });

  it('ignores e-commerce, which says nothing about where the card is', () => {
    const { state, alerts } = travelStep(undefined, [tx(PARIS, 0), tx(NEW_YORK, 5, 'e-commerce')], cfg);
    expect(alerts).toHaveLength(0);
    expect(state!.last.city).toBe('Paris');
  });

  it('carries the last use across batches, and a late older use does not replace it', () => {
    const first = travelStep(undefined, [tx(PARIS, 0)], cfg);
    const second = travelStep(first.state, [tx(NEW_YORK, 15)], cfg);
    expect(second.alerts).toHaveLength(1);
    const late = travelStep(second.state, [tx(PARIS, 5)], cfg);
    expect(late.alerts).toHaveLength(1);
    expect(late.state!.last.city).toBe('New York');
  });

  it('returns no state for a card with no physical use', () => {
    expect(travelStep(undefined, [tx(PARIS, 0, 'e-commerce')], cfg)).toEqual({ state: undefined, alerts: [] });
  });
});
