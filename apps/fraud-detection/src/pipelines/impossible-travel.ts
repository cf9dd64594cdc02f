/**
 * Impossible-travel query. Concept: arbitrary per-key state (`flatMapGroupsWithState`). For each
 * card the state holds its latest physical use; every new card-present or ATM transaction is
 * compared with it (speed by haversine distance over elapsed time), and the state moves on. An
 * event-time timeout forgets a card that has not been used in person for 12 hours of event time,
 * so state stays bounded by the active cards.
 */
import type { Stream } from '@streamlab/core';
import type { Alert } from '../domain/alert.js';
import { isPhysical, travelStep, type TravelState } from '../domain/rules/impossible-travel.js';
import type { Transaction } from '../domain/schemas.js';
import type { PipelineOptions } from './options.js';

/** A card's state is dropped after this much event time without a physical use. */
export const TRAVEL_STATE_TTL = '12 hours';

/**
 * Impossible-travel alerts from a watermarked transaction stream (append mode).
 *
 * @example
 * impossibleTravelAlerts(transactions(source, opts), opts).writeStream.outputMode('append').start();
 */
export function impossibleTravelAlerts(tx: Stream<Transaction>, o: PipelineOptions): Stream<Alert> {
  return tx
    .filter(isPhysical)
    .groupByKey('cardId') // a column key: the scaled app's input is partitioned by it, so no repartition
    .flatMapGroupsWithState<TravelState, Alert>(
      (_cardId, txs, state) => {
        if (state.hasTimedOut) {
          state.remove();
          return [];
        }
        const step = travelStep(state.getOption(), txs, o.rules.impossibleTravel);
        if (step.state) {
          state.update(step.state);
          state.setTimeoutTimestamp(step.state.last.eventTime, TRAVEL_STATE_TTL);
        }
        return step.alerts;
      },
      { outputMode: 'append', timeout: 'eventTime' },
    );
}
