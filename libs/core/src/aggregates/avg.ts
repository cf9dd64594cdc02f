import type { AggregateFunction, AggregateSpec } from './aggregate.js';

/** Buffer of `avg`: running sum and count. */
type AvgBuf = [sum: number, count: number];

const AVG: AggregateFunction<number, AvgBuf, number | null> = {
  init: () => [0, 0],
  add: (b, v) => {
    b[0] += v;
    b[1] += 1;
    return b;
  },
  merge: (a, b) => [a[0] + b[0], a[1] + b[1]],
  result: (b) => (b[1] === 0 ? null : b[0] / b[1]),
};

/**
 * Average of a numeric field (`null` for a group without values).
 *
 * @example
 * vitals.groupBy('patientId').agg({ hr: avg('heartRate') });
 */
export function avg<F extends string>(field: F): AggregateSpec<F, number | null> {
  return { name: `avg(${field})`, field, fn: AVG };
}
