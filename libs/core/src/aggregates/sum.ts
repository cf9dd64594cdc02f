import type { AggregateFunction, AggregateSpec } from './aggregate.js';

const SUM: AggregateFunction<number, number, number> = {
  numeric: true,
  inline: 'sum',
  init: () => 0,
  add: (s, v) => s + v,
  merge: (a, b) => a + b,
  result: (s) => s,
};

/**
 * Sums a numeric field (null/undefined values are skipped).
 *
 * @example
 * tx.groupBy('cardId').agg({ total: sum('amount') });
 */
export function sum<F extends string>(field: F): AggregateSpec<F, number> {
  return { name: `sum(${field})`, field, fn: SUM };
}
