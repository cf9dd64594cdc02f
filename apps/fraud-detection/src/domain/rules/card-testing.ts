/**
 * Card testing: a fraudster checks stolen card numbers with tiny online charges, then spends big
 * on the ones that work. The pattern is a sequence per card: several probes, then a hit, within
 * minutes (the card-testing query matches it with the pattern operator).
 */
import { evidenceOf, makeAlert, type Alert } from '../alert.js';
import { toEur } from '../money.js';
import type { RulesConfig } from '../rules-config.js';
import type { Transaction } from '../schemas.js';

/**
 * A tiny online charge: how a stolen number is tested.
 *
 * @example
 * isProbe({ channel: 'e-commerce', amount: 0.99, currency: 'EUR' }, DEFAULT_RULES.cardTesting); // true
 */
export function isProbe(tx: Pick<Transaction, 'channel' | 'amount' | 'currency'>, cfg: RulesConfig['cardTesting']): boolean {
  return tx.channel === 'e-commerce' && toEur(tx.amount, tx.currency) <= cfg.probeMaxEur;
}

/**
 * A large charge: the cash-out after successful probes.
 *
 * @example
 * isHit({ amount: 900, currency: 'EUR' }, DEFAULT_RULES.cardTesting); // true
 */
export function isHit(tx: Pick<Transaction, 'amount' | 'currency'>, cfg: RulesConfig['cardTesting']): boolean {
  return toEur(tx.amount, tx.currency) >= cfg.hitMinEur;
}

/**
 * The alert for a matched sequence (probes then hit). Returns null when the match does not meet
 * the rule (too few probes, not within the time limit, hit before a probe), so the rule stands
 * on its own whatever matched it.
 *
 * @example
 * cardTestingAlert(match.probe, match.hit, DEFAULT_RULES.cardTesting);
 */
export function cardTestingAlert(probes: readonly Transaction[], hit: Transaction, cfg: RulesConfig['cardTesting']): Alert | null {
  if (probes.length < cfg.minProbes || !isHit(hit, cfg)) return null;
  if (!probes.every((p) => isProbe(p, cfg) && p.cardId === hit.cardId && p.eventTime <= hit.eventTime)) return null;
  const first = Math.min(...probes.map((p) => p.eventTime));
  if (hit.eventTime - first > cfg.withinMs) return null;
  const sorted = [...probes].sort((a, b) => a.eventTime - b.eventTime);
  const probeTotal = sorted.reduce((s, p) => s + toEur(p.amount, p.currency), 0);
  const hitEur = toEur(hit.amount, hit.currency);
  const minutes = (hit.eventTime - first) / 60_000;
  return makeAlert({
    rule: 'card-testing',
    entityType: 'card',
    entityId: hit.cardId,
    eventTime: hit.eventTime,
    score: Math.min(1, 0.85 + 0.03 * (probes.length - cfg.minProbes)),
    reason: `${probes.length} test charges (€${probeTotal.toFixed(2)} in total) then €${hitEur.toFixed(2)} within ${minutes.toFixed(1)} min`,
    evidence: [...sorted, hit].map(evidenceOf),
    variant: sorted[0]!.txId,
    metrics: { probes: probes.length, hitEur: Math.round(hitEur * 100) / 100, minutes: Math.round(minutes * 10) / 10 },
  });
}
