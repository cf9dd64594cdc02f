import type { AggregateFunction, AggregateSpec } from './aggregate.js';

/**
 * The buffer starts at -0, which stands for "no value yet": -0 + x is x for every x but -0, so a
 * group whose values were all null (or that has none: a global aggregate over no rows) still
 * holds -0, and its sum is null, as Spark's. Checkpoints store it as null.
 */
const NO_VALUE = -0;
const SUM: AggregateFunction<number, number, number | null> = {
  numeric: true,
  inline: 'sum',
  init: () => NO_VALUE,
  add: (s, v) => s + v,
  merge: (a, b) => a + b,
  result: (s) => (Object.is(s, NO_VALUE) ? null : s),
  toJSON: (s) => (Object.is(s, NO_VALUE) ? null : s),
  fromJSON: (d) => (d === null ? NO_VALUE : (d as number)),
};

/**
 * Sums a numeric field (null/undefined values are skipped; a group without values sums to null, as in Spark).
 *
 * @example
 * tx.groupBy('cardId').agg({ total: sum('amount') });
 */
export function sum<F extends string>(field: F): AggregateSpec<F, number | null> {
  return { name: `sum(${field})`, field, fn: SUM };
}
