/**
 * KPI queries for the dashboard. Concept: update mode. Each batch emits only the windows whose
 * numbers changed, so the wall screen moves as transactions arrive instead of waiting for the
 * watermark; windows the watermark has passed are dropped from state without being re-emitted.
 */
import { count, sum, window, type Stream } from '@streamlab/core';
import type { Alert } from '../domain/alert.js';
import { toEur } from '../domain/money.js';
import type { Transaction } from '../domain/schemas.js';

/**
 * Transactions and euros per 10-second window (divide by 10 for per-second rates).
 *
 * @example
 * transactionRate(transactions).writeStream.outputMode('update').start();
 */
export function transactionRate(tx: Stream<Transaction>) {
  return tx
    .withColumn('amountEur', (t) => toEur(t.amount, t.currency))
    .groupBy(window('eventTime', '10 seconds'))
    .agg({ transactions: count(), amountEur: sum('amountEur') });
}

/**
 * Euros and transactions per channel per minute.
 *
 * @example
 * amountByChannel(transactions).writeStream.outputMode('update').start();
 */
export function amountByChannel(tx: Stream<Transaction>) {
  return tx
    .withColumn('amountEur', (t) => toEur(t.amount, t.currency))
    .groupBy(window('eventTime', '1 minute'), 'channel')
    .agg({ transactions: count(), amountEur: sum('amountEur') });
}

/**
 * Alerts per rule per minute, from a watermarked alert stream.
 *
 * @example
 * alertRateByRule(alerts.withWatermark('eventTime', '1 minute')).writeStream.outputMode('update').start();
 */
export function alertRateByRule(alerts: Stream<Alert>) {
  return alerts.groupBy(window('eventTime', '1 minute'), 'rule').agg({ alerts: count() });
}
