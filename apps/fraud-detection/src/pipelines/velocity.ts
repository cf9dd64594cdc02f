/**
 * Velocity query. Concept: a sliding event-time window with a watermark. Each card's
 * transactions are counted and summed over 5-minute windows that start every 15 seconds; in
 * append mode a window's row is final once the watermark passes its end, so each row is judged
 * once and late transactions (beyond the watermark delay) cannot reopen it.
 */
import { collectList, count, max, sum, window, type Stream } from '@streamlab/core';
import { evidenceOf, type Alert } from '../domain/alert.js';
import { toEur } from '../domain/money.js';
import { velocityRule } from '../domain/rules/velocity.js';
import type { Transaction } from '../domain/schemas.js';
import type { PipelineOptions } from './options.js';

/**
 * Velocity alerts from a watermarked transaction stream (run it in append mode).
 *
 * @example
 * velocityAlerts(transactions, pipelineOptions()).writeStream.outputMode('append').foreachBatch(send).start();
 */
export function velocityAlerts(tx: Stream<Transaction>, o: PipelineOptions): Stream<Alert> {
  return tx
    .withColumn('amountEur', (t) => toEur(t.amount, t.currency))
    .withColumn('evidence', evidenceOf)
    .groupBy(window('eventTime', o.velocityWindow, o.velocitySlide), 'cardId')
    .agg({ txCount: count(), amountEur: sum('amountEur'), lastEventTime: max('eventTime'), evidence: collectList('evidence') })
    .flatMap((row) => {
      // every transaction has an amount, so the window's sum is never null (Spark's sum is nullable)
      const alert = velocityRule({ ...row, amountEur: row.amountEur ?? 0 }, o.rules.velocity);
      return alert ? [alert] : [];
    });
}
