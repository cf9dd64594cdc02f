/**
 * Amount-anomaly query. Concept: a stream-static join. Each transaction is joined with its card's
 * profile (a static table, cached and refreshable) and scored against the holder's own habit
 * with a robust statistic; stateless after the join, so alerts come out in the batch the
 * transaction arrives in.
 */
import type { StaticTable, Stream } from '@streamlab/core';
import type { Alert } from '../domain/alert.js';
import { amountAnomaly } from '../domain/rules/amount-anomaly.js';
import type { Transaction } from '../domain/schemas.js';
import type { PipelineOptions } from './options.js';
import { withProfile, type ProfileRow } from './profiles.js';

/**
 * Amount-anomaly alerts (append mode).
 *
 * @example
 * amountAnomalyAlerts(transactions(source, opts), opts, profileTable(world.profiles));
 */
export function amountAnomalyAlerts(tx: Stream<Transaction>, o: PipelineOptions, profiles: StaticTable<ProfileRow>): Stream<Alert> {
  return withProfile(tx, profiles).flatMap((row) => {
    const alert = amountAnomaly(row, row.profile, o.rules.amountAnomaly);
    return alert ? [alert] : [];
  });
}
