import { describe, expect, it } from 'vitest';
import { T0, txFixture } from '../fixtures.js';
import { DEFAULT_RULES } from '../rules-config.js';
import { cardTestingAlert, isHit, isProbe } from './card-testing.js';

const cfg = DEFAULT_RULES.cardTesting;
const probe = (minute: number) => txFixture({ channel: 'e-commerce', amount: 0.5, eventTime: T0 + minute * 60_000 });
const hit = (minute: number, amount = 800) => txFixture({ channel: 'e-commerce', amount, eventTime: T0 + minute * 60_000 });

describe('card testing predicates', () => {
  it('a probe is a tiny online charge; a hit a large one', () => {
    expect(isProbe(probe(0), cfg)).toBe(true);
    expect(isProbe(txFixture({ amount: 0.5 }), cfg)).toBe(false); // card-present
    expect(isProbe(hit(0), cfg)).toBe(false);
    expect(isHit(hit(0), cfg)).toBe(true);
    expect(isHit(probe(0), cfg)).toBe(false);
  });
});

describe('cardTestingAlert', () => {
  it('alerts on three probes then a hit within minutes, evidence in order', () => {
    const probes = [probe(2), probe(0), probe(1)];
    const a = cardTestingAlert(probes, hit(4), cfg)!;
    expect(a.rule).toBe('card-testing');
    expect(a.evidence.map((e) => e.eventTime)).toEqual([0, 1, 2, 4].map((m) => T0 + m * 60_000));
    expect(a.eventTime).toBe(T0 + 4 * 60_000);
    expect(a.reason).toBe('3 test charges (€1.50 in total) then €800.00 within 4.0 min');
  });

  it('refuses too few probes, a small final charge, or a sequence that took too long', () => {
    expect(cardTestingAlert([probe(0), probe(1)], hit(2), cfg)).toBeNull();
    expect(cardTestingAlert([probe(0), probe(1), probe(2)], hit(3, 20), cfg)).toBeNull();
    const late = cfg.withinMs / 60_000 + 1;
    expect(cardTestingAlert([probe(0), probe(1), probe(2)], hit(late), cfg)).toBeNull();
  });

  it('refuses probes of another card', () => {
    const other = txFixture({ cardId: 'c2', channel: 'e-commerce', amount: 0.5, eventTime: T0 });
    expect(cardTestingAlert([other, probe(1), probe(2)], hit(3), cfg)).toBeNull();
  });
});
