/**
 * Compromised-merchant query. Concept: a distinct count per key per sliding window. For each
 * merchant, the number of distinct cards over 5-minute windows every 15 seconds is joined with the
 * merchant table (a stream-static join after the aggregation) and compared with the merchant's own
 * baseline; a surge flags the merchant, with the cards it saw as evidence (the cards to watch for
 * use elsewhere: see `exposed-cards.ts`).
 */
import { collectList, count, countDistinct, max, staticTable, window, type StaticTable, type Stream } from '@streamlab/core';
import { evidenceOf, type Alert } from '../domain/alert.js';
import { compromisedMerchant } from '../domain/rules/compromised-merchant.js';
import type { Merchant, Transaction } from '../domain/schemas.js';
import type { PipelineOptions } from './options.js';

/**
 * The merchant table as a static table.
 *
 * @example
 * const merchants = merchantTable(world.merchantTable);
 */
export function merchantTable(merchants: readonly Merchant[]): StaticTable<Merchant> {
  return staticTable(merchants, { name: 'merchants' });
}

/**
 * Merchant alerts from a watermarked transaction stream (run it in append mode).
 *
 * @example
 * compromisedMerchantAlerts(transactions, opts, merchantTable(world.merchantTable));
 */
export function compromisedMerchantAlerts(tx: Stream<Transaction>, o: PipelineOptions, merchants: StaticTable<Merchant>): Stream<Alert> {
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
    .join(merchants, 'merchantId')
    .flatMap((row) => {
      const alert = compromisedMerchant(row, row, o.rules.compromisedMerchant);
      return alert ? [alert] : [];
    });
}
