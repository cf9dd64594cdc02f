import type { AggregateFunction, AggregateSpec } from './aggregate.js';

const COUNT: AggregateFunction<unknown, number, number> = {
  numeric: true,
  inline: 'count',
  init: () => 0,
  add: (n) => n + 1,
  merge: (a, b) => a + b,
  result: (n) => n,
};

/**
 * Counts rows (or, with a field, the rows where it is not null/undefined).
 *
 * @example
 * stream.groupBy('word').agg({ n: count() });
 */
export function count(): AggregateSpec<undefined, number>;
export function count<F extends string>(field: F): AggregateSpec<F, number>;
export function count(field?: string): AggregateSpec<string | undefined, number> {
  return { name: field ? `count(${field})` : 'count(1)', field, fn: COUNT };
}
