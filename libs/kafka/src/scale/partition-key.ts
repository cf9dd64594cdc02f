/**
 * The Kafka key text of a row, encoded as a source's `partitionedBy` declares it: `String(value)`
 * for one column, `JSON.stringify` of the values (in order) for several. A repartition writes its
 * rows with these keys through Kafka's default partitioner (murmur2), so a row lands in the
 * partition a declared input would hold it in, and a repartitioned join side meets a declared one.
 */

/** The key of rows that must all meet in one partition (a window-only or global aggregation). */
export const SINGLE_PARTITION_KEY = '*';

/**
 * @example
 * columnsKey(['cardId'])({ cardId: 'c1' });             // 'c1'
 * columnsKey(['cardId', 'mcc'])({ cardId: 'c1', mcc: 5 }); // '["c1",5]'
 * columnsKey([])(row);                                  // '*': every row to one partition
 */
export function columnsKey(columns: readonly string[]): (row: unknown) => string {
  if (columns.length === 0) return () => SINGLE_PARTITION_KEY;
  if (columns.length === 1) {
    const c = columns[0]!;
    return (row) => String((row as Record<string, unknown>)[c]);
  }
  return (row) => JSON.stringify(columns.map((c) => (row as Record<string, unknown>)[c]));
}

/**
 * The key text of a key function's value: a string as it is (so `(t) => t.cardId` keys as
 * `partitionedBy: 'cardId'` does), anything else as JSON.
 *
 * @example
 * functionKey((t: { cardId: string }) => t.cardId)({ cardId: 'c1' }); // 'c1'
 * functionKey(() => [1, 'a'])(row);                                  // '[1,"a"]'
 */
export function functionKey<T>(fn: (row: T) => unknown): (row: T) => string {
  return (row) => {
    const k = fn(row);
    return typeof k === 'string' ? k : (JSON.stringify(k) ?? String(k));
  };
}
