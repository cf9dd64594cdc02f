import type { AggregateFunction, AggregateSpec, FieldList } from './aggregate.js';

const COLLECT: AggregateFunction<unknown, unknown[], unknown[]> = {
  init: () => [],
  add: (b, v) => {
    b.push(v);
    return b;
  },
  merge: (a, b) => a.concat(b),
  result: (b) => b.slice(),
};

/**
 * All values of a field in the group, in processing order (state grows with the group).
 *
 * @example
 * sessions.groupBy('userId').agg({ pages: collectList('page') });
 */
export function collectList<F extends string>(field: F): AggregateSpec<F, FieldList> {
  return { name: `collect_list(${field})`, field, fn: COLLECT };
}
