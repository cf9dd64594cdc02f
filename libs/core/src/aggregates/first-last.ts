import type { AggregateFunction, AggregateSpec, FieldType } from './aggregate.js';

/** Buffer: `[hasValue, value]`, so a legitimately falsy first value is kept. */
type Held = { set: boolean; value: unknown };

const FIRST: AggregateFunction<unknown, Held, unknown> = {
  init: () => ({ set: false, value: undefined }),
  add: (b, v) => {
    if (!b.set) {
      b.set = true;
      b.value = v;
    }
    return b;
  },
  merge: (a, b) => (a.set ? a : b),
  result: (b) => (b.set ? b.value : null),
  toJSON: (b) => b,
};

const LAST: AggregateFunction<unknown, Held, unknown> = {
  init: () => ({ set: false, value: undefined }),
  add: (b, v) => {
    b.set = true;
    b.value = v;
    return b;
  },
  merge: (a, b) => (b.set ? b : a),
  result: (b) => (b.set ? b.value : null),
};

/**
 * The first value of a field seen by the group, in processing order (as Spark's `first`, it is
 * not deterministic across different batch splits).
 *
 * @example
 * rides.groupBy('rideId').agg({ from: first('stop') });
 */
export function first<F extends string>(field: F): AggregateSpec<F, FieldType> {
  return { name: `first(${field})`, field, fn: FIRST };
}

/**
 * The last value of a field seen by the group, in processing order.
 *
 * @example
 * rides.groupBy('rideId').agg({ to: last('stop') });
 */
export function last<F extends string>(field: F): AggregateSpec<F, FieldType> {
  return { name: `last(${field})`, field, fn: LAST };
}
