/**
 * Account-takeover query. Concept: a stream-static join used for context. The profile tells which
 * devices the account has used and what the holder usually spends; an online charge from an
 * unknown device for an unusual amount raises the alert.
 */
import type { StaticTable, Stream } from '@streamlab/core';
import type { Alert } from '../domain/alert.js';
import { accountTakeover } from '../domain/rules/account-takeover.js';
import type { Transaction } from '../domain/schemas.js';
import type { PipelineOptions } from './options.js';
import { withProfile, type ProfileRow } from './profiles.js';

/**
 * Account-takeover alerts (append mode).
 *
 * @example
 * accountTakeoverAlerts(transactions(source, opts), opts, profileTable(world.profiles));
 */
export function accountTakeoverAlerts(tx: Stream<Transaction>, o: PipelineOptions, profiles: StaticTable<ProfileRow>): Stream<Alert> {
  return withProfile(
    tx.filter((t) => t.channel === 'e-commerce'),
    profiles,
  ).flatMap((row) => {
    const alert = accountTakeover(row, row.profile, o.rules.accountTakeover);
    return alert ? [alert] : [];
  });
}
