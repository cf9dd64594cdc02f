import type { AggregateFunction, AggregateSpec } from './aggregate.js';

const DISTINCT: AggregateFunction<unknown, Set<unknown>, number> = {
  init: () => new Set(),
  add: (b, v) => b.add(v),
  merge: (a, b) => {
    const out = new Set(a);
    for (const v of b) out.add(v);
    return out;
  },
  result: (b) => b.size,
  toJSON: (b) => [...b],
  fromJSON: (d) => new Set(d as unknown[]),
};

/**
 * Exact number of distinct values of a field (state grows with the distinct values; see
 * `approxCountDistinct` for bounded memory).
 *
 * @example
 * tx.groupBy(window('ts', '1 hour')).agg({ cards: countDistinct('cardId') });
 */
export function countDistinct<F extends string>(field: F): AggregateSpec<F, number> {
  return { name: `count(DISTINCT ${field})`, field, fn: DISTINCT };
}
