import { StreamlabError } from '../errors.js';
import type { AggregateFunction, AggregateSpec } from './aggregate.js';
import { HyperLogLog, precisionFor } from './hyperloglog.js';

function hllFunction(p: number): AggregateFunction<unknown, HyperLogLog, number> {
  return {
    init: () => new HyperLogLog(p),
    add: (b, v) => {
      b.add(v);
      return b;
    },
    merge: (a, b) => {
      const out = a.clone();
      out.merge(b);
      return out;
    },
    result: (b) => b.estimate(),
    // The registers themselves (a copy): the checkpoint codec writes a Uint8Array as base64.
    toJSON: (b) => b.registers.slice(),
    // A number array is what checkpoints written before base64 registers hold.
    fromJSON: (d) => new HyperLogLog(p, d instanceof Uint8Array ? d.slice() : Uint8Array.from(d as number[])),
  };
}

/**
 * Approximate distinct count with a HyperLogLog sketch: `2^p` bytes per group whatever the number
 * of values, relative standard deviation `rsd` (Spark's default 0.05 → 512 registers).
 *
 * @example
 * tx.groupBy(window('ts', '1 hour')).agg({ cards: approxCountDistinct('cardId') });
 */
export function approxCountDistinct<F extends string>(field: F, rsd = 0.05): AggregateSpec<F, number> {
  if (!(rsd > 0 && rsd < 1)) {
    throw new StreamlabError('BAD_ARGUMENT', `approxCountDistinct rsd must be in (0, 1), got ${rsd}`, {
      value: rsd,
      hint: "Spark's default is 0.05 (about 5% error, 512 bytes per group)",
    });
  }
  return { name: `approx_count_distinct(${field})`, field, fn: hllFunction(precisionFor(rsd)) };
}
