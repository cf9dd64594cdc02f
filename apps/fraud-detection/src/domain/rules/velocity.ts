/**
 * Velocity: too many uses of one card, or too much money, in a short sliding window. Fraudsters
 * cash out fast before the card is blocked; holders rarely pay six times in five minutes.
 */
import { makeAlert, type Alert, type EvidenceRow } from '../alert.js';
import type { RulesConfig } from '../rules-config.js';

/** One card's activity in one window, as the velocity query aggregates it. */
export interface VelocityWindow {
  cardId: string;
  window: { start: number; end: number };
  txCount: number;
  amountEur: number;
  /** Latest event time in the window: the moment the threshold was crossed at the latest. */
  lastEventTime: number;
  evidence: EvidenceRow[];
}

/**
 * Raises a velocity alert when a card's window holds too many transactions, or several adding
 * up to too much money.
 *
 * @example
 * velocityRule(row, DEFAULT_RULES.velocity); // Alert | null
 */
export function velocityRule(row: VelocityWindow, cfg: RulesConfig['velocity']): Alert | null {
  const tooMany = row.txCount >= cfg.maxTxPerWindow;
  const tooMuch = row.txCount >= cfg.minTxForAmount && row.amountEur >= cfg.maxAmountEurPerWindow;
  if (!tooMany && !tooMuch) return null;
  const minutes = Math.round((row.window.end - row.window.start) / 60_000);
  const countRatio = row.txCount / cfg.maxTxPerWindow;
  const amountRatio = row.amountEur / cfg.maxAmountEurPerWindow;
  const score = 0.5 + 0.4 * Math.min(1, Math.max(countRatio, amountRatio) - 1 + 0.25);
  const reason = tooMany
    ? `${row.txCount} transactions in ${minutes} minutes (limit ${cfg.maxTxPerWindow})`
    : `${row.txCount} transactions totalling €${row.amountEur.toFixed(2)} in ${minutes} minutes`;
  return makeAlert({
    rule: 'velocity',
    entityType: 'card',
    entityId: row.cardId,
    eventTime: row.lastEventTime,
    score,
    reason,
    evidence: [...row.evidence].sort((a, b) => a.eventTime - b.eventTime),
    window: row.window,
    metrics: { txCount: row.txCount, amountEur: Math.round(row.amountEur * 100) / 100, windowStart: row.window.start, windowEnd: row.window.end },
  });
}
