/** The clustering a `groupByKey` operator requires: its key column(s), or its key function. */
import type { Clustering } from '../../../plan/partitioning.js';

/**
 * @example
 * keyClustering(['cardId'], fn); // { columns: ['cardId'] }
 * keyClustering(undefined, fn);  // { keyOf: fn }: a function key is never satisfied by a column partitioning
 */
export function keyClustering(columns: readonly string[] | undefined, keyFn: (row: unknown) => unknown): Clustering {
  return columns ? { columns } : { keyOf: keyFn };
}
