/**
 * Risk query. Concept: chaining queries through a topic. It reads the alerts the rule queries
 * wrote (`fraud.alerts`), groups them per card or merchant over 10-minute windows, and keeps a
 * risk score with its reasons up to date in update mode.
 */
import { collectList, window, type Stream } from '@streamlab/core';
import type { Alert } from '../domain/alert.js';
import { riskScore } from '../domain/risk-score.js';

/**
 * Risk scores from a watermarked alert stream (update mode).
 *
 * @example
 * riskScores(alerts.withWatermark('eventTime', '1 minute')).writeStream.outputMode('update').start();
 */
export function riskScores(alerts: Stream<Alert>) {
  return alerts
    .withColumn('alert', (a) => a)
    .groupBy(window('eventTime', '10 minutes'), 'entityType', 'entityId')
    .agg({ alerts: collectList('alert') })
    .map((row) => ({ window: row.window, ...riskScore(row.alerts as Alert[]) }));
}
