/**
 * Your turn (bonus): refresh the cached table, join it, and inspect the state store.
 * `npm run workshop -- verify 4` checks; `npm run workshop -- run 4` runs it live.
 *
 * Bonus 4, caching and persistence: the rangers' species list (a table in their database) is
 * cached by the query and refreshed every minute, joined to the stream of sightings; the running
 * counts live in the state store, which we inspect through the query's progress.
 */
import { type JoinedRow, type StaticTable, type Stream, type StreamingQuery, staticTable } from '@streamlab/core';
import type { Sighting } from '../../src/sightings.js';

/** A row of the rangers' species list. */
export interface Species {
  animal: string;
  status: 'common' | 'watch' | 'protected';
}

/** A sighting with its species' status: the join's rows. */
export type WithStatus = JoinedRow<Sighting, Species, 'inner'>;

/**
 * Spark caches a static DataFrame with `.cache()` and refreshes it by unpersisting and reading it
 * again. Here the table is loaded once, kept, and reloaded every minute of processing time: never
 * per batch, let alone per sighting, so the rangers' database is asked once a minute whatever the
 * traffic.
 */
export function speciesTable(load: () => Promise<Species[]>): StaticTable<Species> {
  // TODO: the table is loaded once and cached for ever: make it reload every minute (refreshInterval).
  return staticTable(load, { name: 'species' });
}

/** `sightings.join(species, "animal")`: a stream-static inner join (an animal not on the list is dropped). */
export function withStatus(sightings: Stream<Sighting>, species: StaticTable<Species>): Stream<WithStatus> {
  // TODO: join the table on 'animal' (an inner join), instead of calling every animal common.
  void species;
  return sightings.map((s): WithStatus => ({ ...s, status: 'common' }));
}

/** The running count per zone and status (its state: one row per (zone, status) in the state store). */
export function countsPerZoneAndStatus(sightings: Stream<WithStatus>): Stream<{ zone: string; status: Species['status']; count: number }> {
  return sightings.groupBy('zone', 'status').count();
}

/**
 * What the state store holds after the last batch: `lastProgress.stateOperators[0].numRowsTotal`
 * (Spark's name), summed over the query's stateful operators; 0 before the first batch.
 */
export function stateRowsTotal(query: StreamingQuery): number {
  // TODO: read numRowsTotal of the stateOperators of query.lastProgress.
  void query;
  return 0;
}
