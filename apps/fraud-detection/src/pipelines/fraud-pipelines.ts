/**
 * The app's queries, wired from the rule pipelines. Every alert query reads the same transaction
 * source with the same watermark and runs in append mode, so each alert is emitted once and can go
 * to Kafka (`fraud.alerts`) exactly once.
 */
import type { StaticTable, Stream } from '@streamlab/core';
import type { Alert } from '../domain/alert.js';
import type { Merchant, Transaction } from '../domain/schemas.js';
import { accountTakeoverAlerts } from './account-takeover.js';
import { amountAnomalyAlerts } from './amount-anomaly.js';
import { cardTestingAlerts } from './card-testing.js';
import { compromisedMerchantAlerts } from './compromised-merchant.js';
import { exposedCardAlerts } from './exposed-cards.js';
import { impossibleTravelAlerts } from './impossible-travel.js';
import type { PipelineOptions } from './options.js';
import type { ProfileRow } from './profiles.js';
import { velocityAlerts } from './velocity.js';

/** Reference data the pipelines use. */
export interface FraudTables {
  /** The merchant table, joined as a static table (see `merchantTable`). */
  merchants: StaticTable<Merchant>;
  /** Card profiles, joined as a static table (see `profileTable`). */
  profiles: StaticTable<ProfileRow>;
}

/**
 * The transaction stream every pipeline starts from. Concept: deduplication within the watermark.
 * A terminal that retries sends the same transaction (same `txId`) again; the retry arrives
 * within seconds, so remembering each id until the watermark passes its event time (plus the
 * delay) drops every retry with bounded state. The key is (`cardId`, `txId`), which means the same
 * as `txId` alone (a transaction id belongs to one card, and a retry repeats the card), and lets a
 * scale-out over `fraud.transactions` (partitioned by card) dedup in each partition with no
 * repartition: every column of the partitioning is in the key.
 *
 * @example
 * const tx = transactions(source.toStream(), opts);
 */
export function transactions(source: Stream<Transaction>, o: PipelineOptions): Stream<Transaction> {
  return source.withWatermark('eventTime', o.watermark).dropDuplicatesWithinWatermark('cardId', 'txId');
}

/**
 * One alert stream per rule pipeline, by query name.
 *
 * @example
 * for (const [name, alerts] of Object.entries(alertStreams(() => source.toStream(), tables, opts))) {
 *   alerts.writeStream.outputMode('append').queryName(name).foreachBatch(publish).start();
 * }
 */
export function alertStreams(source: () => Stream<Transaction>, tables: FraudTables, o: PipelineOptions): Record<string, Stream<Alert>> {
  return {
    'fraud-velocity': velocityAlerts(transactions(source(), o), o),
    'fraud-compromised-merchant': compromisedMerchantAlerts(transactions(source(), o), o, tables.merchants),
    'fraud-impossible-travel': impossibleTravelAlerts(transactions(source(), o), o),
    'fraud-amount-anomaly': amountAnomalyAlerts(transactions(source(), o), o, tables.profiles),
    'fraud-account-takeover': accountTakeoverAlerts(transactions(source(), o), o, tables.profiles),
    'fraud-card-testing': cardTestingAlerts(transactions(source(), o), o),
  };
}

/**
 * Alert streams of queries that read the alerts topic (`fraud.alerts`) as well as transactions:
 * the exposed-cards join, by query name.
 *
 * @example
 * chainedAlertStreams(() => alertsTopic.toStream(), () => source.toStream(), opts);
 */
export function chainedAlertStreams(alerts: () => Stream<Alert>, source: () => Stream<Transaction>, o: PipelineOptions): Record<string, Stream<Alert>> {
  return { 'fraud-exposed-cards': exposedCardAlerts(alerts(), transactions(source(), o)) };
}
