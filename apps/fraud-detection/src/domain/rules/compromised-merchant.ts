/**
 * Compromised merchant: many distinct cards at one merchant in a few minutes, far above its
 * usual traffic (a skimmer, a breached terminal, a colluding shop running stolen cards), and then
 * those cards used elsewhere.
 */
import { evidenceOf, makeAlert, type Alert, type EvidenceRow } from '../alert.js';
import type { RulesConfig } from '../rules-config.js';
import type { Merchant, Transaction } from '../schemas.js';

/** One merchant's activity in one window, as the compromised-merchant query aggregates it. */
export interface MerchantWindow {
  merchantId: string;
  window: { start: number; end: number };
  distinctCards: number;
  txCount: number;
  lastEventTime: number;
  /** The cards seen, so later use of them elsewhere can be flagged. */
  cards: string[];
  evidence: EvidenceRow[];
}

/**
 * Alerts when a merchant sees a surge of distinct cards against its own baseline.
 *
 * @example
 * compromisedMerchant(row, merchantsById.get(row.merchantId), DEFAULT_RULES.compromisedMerchant);
 */
export function compromisedMerchant(row: MerchantWindow, merchant: Merchant, cfg: RulesConfig['compromisedMerchant']): Alert | null {
  const threshold = Math.max(cfg.minDistinctCards, merchant.usualCardsPer5Min * cfg.surgeFactor);
  if (row.distinctCards < threshold) return null;
  const minutes = Math.round((row.window.end - row.window.start) / 60_000);
  return makeAlert({
    rule: 'compromised-merchant',
    entityType: 'merchant',
    entityId: row.merchantId,
    eventTime: row.lastEventTime,
    score: Math.min(1, 0.6 + 0.1 * (row.distinctCards / threshold - 1) + (merchant.risk === 'high' ? 0.1 : 0)),
    reason: `${row.distinctCards} distinct cards at ${merchant.name} (${merchant.category}) in ${minutes} min; usually ${merchant.usualCardsPer5Min.toFixed(1)} per 5 min`,
    evidence: [...row.evidence].sort((a, b) => a.eventTime - b.eventTime).slice(-20),
    window: row.window,
    metrics: { distinctCards: row.distinctCards, txCount: row.txCount, threshold, windowStart: row.window.start, windowEnd: row.window.end },
  });
}

/** A card exposed at a flagged merchant. */
export interface Exposure {
  cardId: string;
  merchantId: string;
  /** Event time of the merchant alert. */
  flaggedAt: number;
}

/**
 * Alerts on a card exposed at a compromised merchant and then used at another merchant within
 * `withinMs` of the merchant alert.
 *
 * @example
 * exposedCardReuse(tx, exposure, 60 * 60_000); // Alert | null
 */
export function exposedCardReuse(tx: Transaction, exposure: Exposure, withinMs: number): Alert | null {
  if (tx.cardId !== exposure.cardId || tx.merchantId === exposure.merchantId) return null;
  if (tx.eventTime < exposure.flaggedAt || tx.eventTime - exposure.flaggedAt > withinMs) return null;
  return makeAlert({
    rule: 'compromised-merchant',
    entityType: 'card',
    entityId: tx.cardId,
    merchantId: exposure.merchantId,
    eventTime: tx.eventTime,
    score: 0.8,
    reason: `card exposed at compromised merchant ${exposure.merchantId} now used at ${tx.merchantId} in ${tx.city}`,
    evidence: [evidenceOf(tx)],
    // a card exposed at two flagged merchants gives two alerts for one transaction: keep their ids apart
    variant: `exposed-at:${exposure.merchantId}`,
    // one alert per exposed card to an analyst, however often the card is used afterwards
    dedupKey: `compromised-merchant:${tx.cardId}:exposed-at:${exposure.merchantId}`,
    metrics: { minutesAfterFlag: Math.round((tx.eventTime - exposure.flaggedAt) / 6_000) / 10 },
  });
}
