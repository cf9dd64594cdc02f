/**
 * The card-keyed rules as one query: velocity, impossible travel and card testing over one
 * deduplicated transaction stream, their alerts unioned. Concept: a query that can scale out.
 * Every one of its stateful operators (the dedup by `cardId` + `txId`, the velocity windows by
 * `cardId`, the travel state and the card-testing pattern by `groupByKey('cardId')`) is keyed by
 * the card column, and `fraud.transactions` is keyed by card id (`partitionedBy: 'cardId'`), so all
 * of a card's state lives in one partition and the scale-out inserts no repartition:
 * run per partition (`scaleOut`, `npx nx serve fraud-detection -- --instances 3`), it gives the
 * alerts the three rule queries give in one process. (Compromised merchant groups by merchant, a
 * key the topic is not partitioned by, so it stays in one process.)
 */
import type { Stream } from '@streamlab/core';
import type { Alert } from '../domain/alert.js';
import type { Transaction } from '../domain/schemas.js';
import { cardTestingAlerts } from './card-testing.js';
import { transactions } from './fraud-pipelines.js';
import { impossibleTravelAlerts } from './impossible-travel.js';
import type { PipelineOptions } from './options.js';
import { velocityAlerts } from './velocity.js';

/** The rule queries `cardKeyedAlerts` stands for (the app runs them scaled out instead, with `--instances`). */
export const CARD_KEYED_RULES: readonly string[] = ['fraud-velocity', 'fraud-impossible-travel', 'fraud-card-testing'];

/**
 * The card-keyed rules' alerts from raw transactions (run it in append mode).
 *
 * @example
 * scaleOut({ ..., query: (task) => cardKeyedAlerts(Stream.fromSource(task.kafkaSource({ topic, decode })), opts) });
 */
export function cardKeyedAlerts(source: Stream<Transaction>, o: PipelineOptions): Stream<Alert> {
  // one source, one watermark, read once per batch; each rule compiles its own copy of the dedup
  const tx = transactions(source, o);
  return velocityAlerts(tx, o).union(impossibleTravelAlerts(tx, o), cardTestingAlerts(tx, o));
}
