/**
 * The card-profile table as the pipelines join it: one row per card, the profile in one column
 * (so the transaction's own fields, such as its currency, are never shadowed by the profile's).
 */
import { staticTable, type StaticTable, type Stream } from '@streamlab/core';
import type { CardProfile, Transaction } from '../domain/schemas.js';

export interface ProfileRow {
  cardId: string;
  profile: CardProfile;
}

/**
 * The profile table, from rows or an async loader (cached, refreshed on an interval).
 *
 * @example
 * const profiles = profileTable(world.profiles);
 * const live = profileTable(() => db.loadProfiles(), '5 minutes');
 */
export function profileTable(profiles: readonly CardProfile[] | (() => Promise<readonly CardProfile[]>), refreshInterval?: string): StaticTable<ProfileRow> {
  const toRows = (list: readonly CardProfile[]) => list.map((profile) => ({ cardId: profile.cardId, profile }));
  const data = typeof profiles === 'function' ? async () => toRows(await profiles()) : toRows(profiles);
  return staticTable<ProfileRow>(data, { name: 'card-profiles', ...(refreshInterval ? { refreshInterval } : {}) });
}

/**
 * Each transaction with its card's profile (inner join: a card the bank does not know has no
 * habit to compare with).
 *
 * @example
 * withProfile(transactions, profiles).map((t) => t.profile.typicalSpendEur);
 */
export function withProfile(tx: Stream<Transaction>, profiles: StaticTable<ProfileRow>) {
  return tx.join(profiles, 'cardId');
}
