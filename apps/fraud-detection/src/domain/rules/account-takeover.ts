/**
 * Account takeover: an online charge from a device this account has never used, for an amount
 * unusual for the holder. Either alone is common (a new phone; a big purchase); together they
 * are the signature of stolen credentials.
 */
import { evidenceOf, makeAlert, type Alert } from '../alert.js';
import { toEur } from '../money.js';
import type { RulesConfig } from '../rules-config.js';
import type { CardProfile, Transaction } from '../schemas.js';
import { amountScore } from './amount-anomaly.js';

/**
 * Alerts on an e-commerce charge from an unknown device with an unusual amount.
 *
 * @example
 * accountTakeover(tx, profileOf(tx.cardId), DEFAULT_RULES.accountTakeover); // Alert | null
 */
export function accountTakeover(tx: Transaction, profile: CardProfile, cfg: RulesConfig['accountTakeover']): Alert | null {
  if (tx.channel !== 'e-commerce') return null;
  if (profile.knownDevices.includes(tx.deviceId)) return null;
  const eur = toEur(tx.amount, tx.currency);
  if (eur < cfg.minAmountEur) return null;
  const score = amountScore(tx, profile);
  if (score < cfg.minRobustScore) return null;
  return makeAlert({
    rule: 'account-takeover',
    entityType: 'card',
    entityId: tx.cardId,
    cardId: tx.cardId,
    eventTime: tx.eventTime,
    score: Math.min(1, 0.7 + 0.05 * (score - cfg.minRobustScore)),
    reason: `new device ${tx.deviceId} (account knows ${profile.knownDevices.length}) paying €${eur.toFixed(2)}, ${(eur / profile.typicalSpendEur).toFixed(1)}× the usual`,
    evidence: [evidenceOf(tx)],
    metrics: { amountEur: Math.round(eur * 100) / 100, robustScore: Math.round(score * 100) / 100, knownDevices: profile.knownDevices.length },
  });
}
