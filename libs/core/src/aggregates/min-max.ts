import type { AggregateFunction, AggregateSpec, FieldType } from './aggregate.js';

/** Buffer of min/max: `undefined` until the first value. */
type Extreme = unknown;

function less(a: unknown, b: unknown): boolean {
  return (a as number) < (b as number);
}

const MIN: AggregateFunction<unknown, Extreme, unknown> = {
  init: () => undefined,
  add: (b, v) => (b === undefined || less(v, b) ? v : b),
  merge: (a, b) => (a === undefined ? b : b === undefined ? a : less(b, a) ? b : a),
  result: (b) => b ?? null,
};

const MAX: AggregateFunction<unknown, Extreme, unknown> = {
  init: () => undefined,
  add: (b, v) => (b === undefined || less(b, v) ? v : b),
  merge: (a, b) => (a === undefined ? b : b === undefined ? a : less(a, b) ? b : a),
  result: (b) => b ?? null,
};

/**
 * Smallest value of a field (numbers, strings, ...: compared with `<`).
 *
 * @example
 * tx.groupBy('cardId').agg({ smallest: min('amount') });
 */
export function min<F extends string>(field: F): AggregateSpec<F, FieldType> {
  return { name: `min(${field})`, field, fn: MIN };
}

/**
 * Largest value of a field (compared with `<`).
 *
 * @example
 * tx.groupBy('cardId').agg({ largest: max('amount') });
 */
export function max<F extends string>(field: F): AggregateSpec<F, FieldType> {
  return { name: `max(${field})`, field, fn: MAX };
}
