import { describe, expect, it } from 'vitest';
import { makeAlert, type Alert, type RuleId } from './alert.js';
import { T0 } from './fixtures.js';
import { decisionOf, riskScore, RULE_WEIGHTS } from './risk-score.js';

const alert = (rule: RuleId, score: number, entityId = 'c1', eventTime = T0): Alert =>
  makeAlert({ rule, entityType: 'card', entityId, eventTime, score, reason: `${rule} fired`, evidence: [], metrics: {} });

describe('riskScore', () => {
  it('one alert scores its weight times its confidence', () => {
    const r = riskScore([alert('velocity', 1)]);
    expect(r.score).toBe(Math.round(RULE_WEIGHTS.velocity * 100));
    expect(r.reasons).toEqual([{ rule: 'velocity', reason: 'velocity fired', contribution: 60 }]);
  });

  it('independent rules reinforce each other (noisy-OR), strongest reason first', () => {
    const r = riskScore([alert('velocity', 1), alert('impossible-travel', 1, 'c1', T0 + 5)]);
    expect(r.score).toBe(Math.round((1 - (1 - 0.6) * (1 - 0.9)) * 100));
    expect(r.reasons.map((x) => x.rule)).toEqual(['impossible-travel', 'velocity']);
    expect(r.eventTime).toBe(T0 + 5);
    expect(r.decision).toBe('block');
  });

  it('repeated alerts of one rule count once, at their strongest', () => {
    const r = riskScore([alert('velocity', 0.5), alert('velocity', 0.8), alert('velocity', 0.6)]);
    expect(r.score).toBe(Math.round(0.6 * 0.8 * 100));
    expect(r.alertIds).toHaveLength(3);
  });

  it('refuses no alerts and alerts of different entities', () => {
    expect(() => riskScore([])).toThrowError(expect.objectContaining({ code: 'FRAUD_NO_ALERTS' }));
    expect(() => riskScore([alert('velocity', 1), alert('velocity', 1, 'c2')])).toThrowError(expect.objectContaining({ code: 'FRAUD_MIXED_ENTITIES' }));
  });
});

describe('decisionOf', () => {
  it('bands scores into allow, review and block', () => {
    expect([0, 49, 50, 79, 80, 100].map(decisionOf)).toEqual(['allow', 'allow', 'review', 'review', 'block', 'block']);
  });
});
