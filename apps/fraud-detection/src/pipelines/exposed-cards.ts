/**
 * Exposed-cards query. Concept: a stream-stream join with an event-time range. The merchant alerts
 * (the alert stream, in process: the rows that also go to `fraud.alerts`) name the cards seen at a compromised merchant; each such
 * exposure is joined with the transaction stream on the card, for transactions up to an hour
 * after the merchant was flagged. Both sides are watermarked, so the join's state is dropped once
 * no later row can match.
 */
import type { Stream } from '@streamlab/core';
import type { Alert } from '../domain/alert.js';
import { exposedCardReuse } from '../domain/rules/compromised-merchant.js';
import type { Transaction } from '../domain/schemas.js';

/** How long after the merchant alert a card's use elsewhere is suspicious. */
export const EXPOSURE_MS = 60 * 60_000;

export interface ExposureRow {
  cardId: string;
  compromisedMerchantId: string;
  flaggedAt: number;
}

/**
 * The cards a merchant alert exposes, one row per card (watermarked on `flaggedAt`).
 *
 * An exposure lasts `EXPOSURE_MS`: the merchant is flagged again by each window that sees the
 * surge, and those re-flags of a card at the same merchant are the same exposure. The dedup keeps
 * a (card, merchant) for as long as the watermark delay on `flaggedAt`, so that delay is the
 * exposure's length by default. With a shorter one (say a minute), whether a re-flag a few
 * minutes later is dropped would depend on how far the watermark moved in between, that is on
 * batch timing, and a use of the card would be alerted twice.
 *
 * @example
 * exposures(alertsFromTopic); // { cardId, compromisedMerchantId, flaggedAt }
 */
export function exposures(alerts: Stream<Alert>, watermark: string | number = EXPOSURE_MS): Stream<ExposureRow> {
  return alerts
    .filter((a) => a.rule === 'compromised-merchant' && a.entityType === 'merchant')
    .flatMap((a) => [...new Set(a.evidence.map((e) => e.cardId))].map((cardId) => ({ cardId, compromisedMerchantId: a.entityId, flaggedAt: a.eventTime })))
    .withWatermark('flaggedAt', watermark)
    .dropDuplicatesWithinWatermark('cardId', 'compromisedMerchantId');
}

/**
 * Alerts on exposed cards used at another merchant within an hour of the flag (append mode).
 *
 * @example
 * exposedCardAlerts(alertsFromTopic, transactions(source, opts));
 */
export function exposedCardAlerts(alerts: Stream<Alert>, tx: Stream<Transaction>): Stream<Alert> {
  return exposures(alerts)
    .join(tx, 'cardId', 'inner', { timeRange: { leftTime: 'flaggedAt', rightTime: 'eventTime', min: 0, max: EXPOSURE_MS } })
    .flatMap((row) => {
      const alert = exposedCardReuse(row, { cardId: row.cardId, merchantId: row.compromisedMerchantId, flaggedAt: row.flaggedAt }, EXPOSURE_MS);
      return alert ? [alert] : [];
    });
}
