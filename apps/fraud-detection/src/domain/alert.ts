/**
 * What every rule produces: an alert with a reason a fraud analyst can read and the evidence
 * rows that triggered it.
 */
import type { Channel, Transaction } from './schemas.js';
import type { Currency } from './money.js';

export const RULE_IDS = ['velocity', 'impossible-travel', 'amount-anomaly', 'card-testing', 'compromised-merchant', 'account-takeover'] as const;
export type RuleId = (typeof RULE_IDS)[number];

export type Severity = 'low' | 'medium' | 'high' | 'critical';

/** The fields of a transaction an analyst needs to see next to an alert. */
export interface EvidenceRow {
  txId: string;
  cardId: string;
  eventTime: number;
  amount: number;
  currency: Currency;
  merchantId: string;
  channel: Channel;
  city: string;
  country: string;
  lat: number;
  lon: number;
}

export interface Alert {
  /**
   * Deterministic: the same evidence (and window, for windowed rules) gives the same id, so a
   * replayed batch produces the same alerts.
   */
  alertId: string;
  /**
   * The same for alerts of one rule, entity and latest evidence row: overlapping sliding windows
   * that saw the same burst share it, so a feed can show the burst once.
   */
  dedupKey: string;
  rule: RuleId;
  entityType: 'card' | 'merchant';
  entityId: string;
  cardId: string | null;
  merchantId: string | null;
  /** Event time of the evidence that completed the rule (the alert's own event time). */
  eventTime: number;
  /** The rule's confidence, 0..1. */
  score: number;
  severity: Severity;
  reason: string;
  evidence: EvidenceRow[];
  /** Numbers behind the reason (speedKmh, robustScore, distinctCards, ...). */
  metrics: Record<string, number>;
}

/**
 * The evidence row of a transaction.
 *
 * @example
 * evidenceOf(tx).txId === tx.txId; // true
 */
export function evidenceOf(tx: Transaction): EvidenceRow {
  return {
    txId: tx.txId,
    cardId: tx.cardId,
    eventTime: tx.eventTime,
    amount: tx.amount,
    currency: tx.currency,
    merchantId: tx.merchantId,
    channel: tx.channel,
    city: tx.city,
    country: tx.country,
    lat: tx.lat,
    lon: tx.lon,
  };
}

/**
 * Severity bands of a 0..1 score.
 *
 * @example
 * severityOf(0.95); // 'critical'
 */
export function severityOf(score: number): Severity {
  if (score >= 0.9) return 'critical';
  if (score >= 0.75) return 'high';
  if (score >= 0.5) return 'medium';
  return 'low';
}

/**
 * Builds an alert; the id is derived from the rule, the entity and the evidence.
 *
 * @example
 * makeAlert({ rule: 'velocity', entityType: 'card', entityId: 'c1', eventTime: 0, score: 0.8,
 *   reason: '7 transactions in 5 minutes', evidence: [], metrics: { txCount: 7 } });
 */
export function makeAlert(a: {
  rule: RuleId;
  entityType: 'card' | 'merchant';
  entityId: string;
  eventTime: number;
  score: number;
  reason: string;
  evidence: EvidenceRow[];
  metrics: Record<string, number>;
  cardId?: string | null;
  merchantId?: string | null;
  /** The window of a windowed rule: part of the id. */
  window?: { start: number; end: number };
  /** Tells apart alerts that share evidence's last row (e.g. overlapping pattern matches): part of the id. */
  variant?: string;
  /** What makes two alerts "the same" to an analyst, when it is not the latest evidence row. */
  dedupKey?: string;
}): Alert {
  const score = Math.min(1, Math.max(0, a.score));
  const last = a.evidence.length > 0 ? a.evidence[a.evidence.length - 1]!.txId : String(a.eventTime);
  const base = `${a.rule}:${a.entityId}:${last}`;
  const dedupKey = a.dedupKey ?? base;
  return {
    alertId: a.window || a.variant ? `${base}@${a.window ? a.window.start : ''}${a.variant ?? ''}` : base,
    dedupKey,
    rule: a.rule,
    entityType: a.entityType,
    entityId: a.entityId,
    cardId: a.cardId ?? (a.entityType === 'card' ? a.entityId : null),
    merchantId: a.merchantId ?? (a.entityType === 'merchant' ? a.entityId : null),
    eventTime: a.eventTime,
    score,
    severity: severityOf(score),
    reason: a.reason,
    evidence: a.evidence,
    metrics: a.metrics,
  };
}
