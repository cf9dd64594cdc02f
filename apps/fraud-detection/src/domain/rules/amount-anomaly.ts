/**
 * Amount anomaly: a charge far above what this holder usually spends. "Far" is measured against
 * the holder's own habit with a robust score on the log of the amount (spending is roughly
 * log-normal: a €40 habit makes €400 unusual, a €400 habit does not).
 */
import { evidenceOf, makeAlert, type Alert } from '../alert.js';
import { toEur } from '../money.js';
import { robustZ } from '../robust.js';
import type { RulesConfig } from '../rules-config.js';
import type { CardProfile, Transaction } from '../schemas.js';

/**
 * The modified z-score of a charge against the holder's habit (ln of the amount in euros).
 *
 * @example
 * amountScore(tx, profile); // e.g. 6.2 for ten times the usual ticket
 */
export function amountScore(tx: Pick<Transaction, 'amount' | 'currency'>, profile: Pick<CardProfile, 'spendLogMedian' | 'spendLogMad'>): number {
  return robustZ(Math.log(toEur(tx.amount, tx.currency)), profile.spendLogMedian, profile.spendLogMad, 0.05);
}

/**
 * Alerts when a purchase is far above the holder's habit. Cash at an ATM is a different habit
 * (round amounts, its own limits) and is not scored here.
 *
 * @example
 * amountAnomaly(tx, profileOf(tx.cardId), DEFAULT_RULES.amountAnomaly); // Alert | null
 */
export function amountAnomaly(tx: Transaction, profile: CardProfile, cfg: RulesConfig['amountAnomaly']): Alert | null {
  if (tx.channel === 'atm') return null;
  const eur = toEur(tx.amount, tx.currency);
  if (eur < cfg.minAmountEur) return null;
  const score = amountScore(tx, profile);
  if (score < cfg.minRobustScore) return null;
  const times = eur / profile.typicalSpendEur;
  return makeAlert({
    rule: 'amount-anomaly',
    entityType: 'card',
    entityId: tx.cardId,
    eventTime: tx.eventTime,
    score: Math.min(1, 0.5 + 0.05 * (score - cfg.minRobustScore) + (eur > profile.perTxLimitEur ? 0.2 : 0)),
    reason: `€${eur.toFixed(2)} is ${times.toFixed(1)}× this holder's typical €${profile.typicalSpendEur.toFixed(2)} (robust score ${score.toFixed(1)})`,
    evidence: [evidenceOf(tx)],
    metrics: { amountEur: Math.round(eur * 100) / 100, robustScore: Math.round(score * 100) / 100, timesTypical: Math.round(times * 10) / 10 },
  });
}
