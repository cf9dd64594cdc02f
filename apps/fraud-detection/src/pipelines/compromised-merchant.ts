/**
 * Compromised-merchant query. Concept: a distinct count per key per sliding window. For each
 * merchant, the number of distinct cards over 5-minute windows every 15 seconds is compared with
 * the merchant's own baseline from the merchant table; a surge flags the merchant, with the cards
 * it saw as evidence (the cards to watch for use elsewhere).
 */
import { collectList, count, countDistinct, max, window, type Stream } from '@streamlab/core';
import { evidenceOf, type Alert } from '../domain/alert.js';
import { compromisedMerchant } from '../domain/rules/compromised-merchant.js';
import type { Merchant, Transaction } from '../domain/schemas.js';
import type { PipelineOptions } from './options.js';

/**
 * Merchant alerts from a watermarked transaction stream (run it in append mode). `merchants` is
 * the merchant table, read by id (a reference lookup of static data).
 *
 * @example
 * compromisedMerchantAlerts(transactions, opts, new Map(world.merchantTable.map((m) => [m.merchantId, m])));
 */
export function compromisedMerchantAlerts(tx: Stream<Transaction>, o: PipelineOptions, merchants: ReadonlyMap<string, Merchant>): Stream<Alert> {
  return tx
    .withColumn('evidence', evidenceOf)
    .groupBy(window('eventTime', o.merchantWindow, o.merchantSlide), 'merchantId')
    .agg({
      distinctCards: countDistinct('cardId'),
      txCount: count(),
      lastEventTime: max('eventTime'),
      cards: collectList('cardId'),
      evidence: collectList('evidence'),
    })
    .flatMap((row) => {
      const merchant = merchants.get(row.merchantId);
      const alert = merchant ? compromisedMerchant(row, merchant, o.rules.compromisedMerchant) : null;
      return alert ? [alert] : [];
    });
}
