/**
 * The risk score: the alerts about one card (or merchant) combined into one number and a
 * decision, with the reasons an analyst reads. Independent rules reinforce each other (noisy-OR);
 * several alerts of the same rule count once, at their strongest, so ten overlapping velocity
 * windows are not ten pieces of evidence.
 */
import { StreamlabError } from '@streamlab/core';
import type { Alert, RuleId } from './alert.js';

/** How much each rule's alert, at full confidence, says about fraud. */
export const RULE_WEIGHTS: Record<RuleId, number> = {
  'card-testing': 0.95,
  'impossible-travel': 0.9,
  'account-takeover': 0.85,
  'compromised-merchant': 0.8,
  'amount-anomaly': 0.7,
  velocity: 0.6,
};

export type Decision = 'allow' | 'review' | 'block';

export interface RiskScore {
  entityType: Alert['entityType'];
  entityId: string;
  /** The latest alert's event time. */
  eventTime: number;
  /** 0..100. */
  score: number;
  decision: Decision;
  /** One line per rule, strongest first. */
  reasons: { rule: RuleId; reason: string; contribution: number }[];
  alertIds: string[];
}

/**
 * The decision for a score: block at 80 and above, review from 50.
 *
 * @example
 * decisionOf(85); // 'block'
 */
export function decisionOf(score: number): Decision {
  if (score >= 80) return 'block';
  if (score >= 50) return 'review';
  return 'allow';
}

/**
 * Combines the alerts of one entity into a risk score.
 *
 * @example
 * riskScore([velocityAlert, travelAlert]).decision; // 'block'
 */
export function riskScore(alerts: readonly Alert[]): RiskScore {
  const first = alerts[0];
  if (!first) {
    throw new StreamlabError('FRAUD_NO_ALERTS', 'a risk score needs at least one alert', { value: alerts, hint: 'score only entities that have alerts' });
  }
  const strongest = new Map<RuleId, Alert>();
  for (const a of alerts) {
    if (a.entityType !== first.entityType || a.entityId !== first.entityId) {
      throw new StreamlabError('FRAUD_MIXED_ENTITIES', `alerts of ${first.entityId} and ${a.entityId} cannot share a risk score`, {
        value: a.entityId,
        hint: 'group alerts by entityType and entityId first',
      });
    }
    const prev = strongest.get(a.rule);
    if (!prev || a.score > prev.score) strongest.set(a.rule, a);
  }
  let clean = 1;
  const reasons: RiskScore['reasons'] = [];
  for (const [rule, a] of strongest) {
    const contribution = RULE_WEIGHTS[rule] * a.score;
    clean *= 1 - contribution;
    reasons.push({ rule, reason: a.reason, contribution: Math.round(contribution * 100) });
  }
  reasons.sort((x, y) => y.contribution - x.contribution);
  const score = Math.round((1 - clean) * 100);
  return {
    entityType: first.entityType,
    entityId: first.entityId,
    eventTime: Math.max(...alerts.map((a) => a.eventTime)),
    score,
    decision: decisionOf(score),
    reasons,
    alertIds: alerts.map((a) => a.alertId),
  };
}
