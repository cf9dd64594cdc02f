import { describe, expect, it } from 'vitest';
import type { AggregateFunction, AggregateSpec } from './aggregate.js';
import { StateCodec } from '../checkpoint/value-codec.js';
import { approxCountDistinct } from './approx-count-distinct.js';
import type { HyperLogLog } from './hyperloglog.js';
import { avg } from './avg.js';
import { collectList } from './collect-list.js';
import { count } from './count.js';
import { countDistinct } from './count-distinct.js';
import { first, last } from './first-last.js';
import { max, min } from './min-max.js';
import { sum } from './sum.js';

function fold(spec: AggregateSpec, values: unknown[]): unknown {
  const fn = spec.fn as AggregateFunction<unknown, unknown, unknown>;
  let b = fn.init();
  for (const v of values) b = fn.add(b, v);
  return fn.result(b);
}

function foldSplit(spec: AggregateSpec, left: unknown[], right: unknown[]): unknown {
  const fn = spec.fn as AggregateFunction<unknown, unknown, unknown>;
  let a = fn.init();
  for (const v of left) a = fn.add(a, v);
  let b = fn.init();
  for (const v of right) b = fn.add(b, v);
  return fn.result(fn.merge(a, b));
}

describe('aggregates: init/add/merge/result', () => {
  const values = [5, 3, 9, 3, 1];
  it.each([
    ['count', count(), 5],
    ['sum', sum('x'), 21],
    ['avg', avg('x'), 4.2],
    ['min', min('x'), 1],
    ['max', max('x'), 9],
    ['first', first('x'), 5],
    ['last', last('x'), 1],
    ['collectList', collectList('x'), [5, 3, 9, 3, 1]],
    ['countDistinct', countDistinct('x'), 4],
    ['approxCountDistinct', approxCountDistinct('x'), 4],
  ])('%s folds and merges to the same result', (_name, spec, expected) => {
    expect(fold(spec, values)).toEqual(expected);
    expect(foldSplit(spec, values.slice(0, 2), values.slice(2))).toEqual(expected);
  });

  it('empty groups: avg/min/max/first/last are null', () => {
    for (const spec of [avg('x'), min('x'), max('x'), first('x'), last('x')]) expect(fold(spec, [])).toBeNull();
  });

  it('first keeps a falsy first value', () => {
    expect(fold(first('x'), [0, 7])).toBe(0);
  });

  it('min/max compare strings too', () => {
    expect(fold(min('x'), ['owl', 'cat', 'dog'])).toBe('cat');
    expect(fold(max('x'), ['owl', 'cat', 'dog'])).toBe('owl');
  });

  it('names follow Spark (count(1), sum(x), approx_count_distinct(x))', () => {
    expect(count().name).toBe('count(1)');
    expect(sum('amount').name).toBe('sum(amount)');
    expect(approxCountDistinct('card').name).toBe('approx_count_distinct(card)');
  });

  it('approxCountDistinct rejects a bad rsd with a StreamlabError', () => {
    expect(() => approxCountDistinct('x', 2)).toThrowError(/rsd/);
  });

  it('snapshots round-trip through toJSON/fromJSON and the checkpoint codec', () => {
    const codec = new StateCodec();
    for (const spec of [countDistinct('x'), approxCountDistinct('x')]) {
      const fn = spec.fn as AggregateFunction<unknown, unknown, unknown>;
      let b = fn.init();
      for (const v of values) b = fn.add(b, v);
      const copy = fn.fromJSON!(codec.decode(JSON.parse(JSON.stringify(codec.encode(fn.toJSON!(b))))));
      expect(fn.result(copy)).toEqual(fn.result(b));
    }
  });

  it('approxCountDistinct stores its registers as bytes (base64 on disk), detached from the live sketch', () => {
    const fn = approxCountDistinct('x').fn as AggregateFunction<unknown, HyperLogLog, number>;
    const b = fn.init();
    for (let i = 0; i < 5000; i++) fn.add(b, `card-${i}`);
    const saved = fn.toJSON!(b) as Uint8Array;
    expect(saved).toBeInstanceOf(Uint8Array);
    expect(saved.length).toBe(512);
    const text = JSON.stringify(new StateCodec().encode(saved));
    expect(text).toMatch(/^\{"\$type":"Uint8Array","data":"[A-Za-z0-9+/=]+"\}$/);
    expect((JSON.parse(text) as { data: string }).data).toHaveLength(684); // 512 bytes in base64
    expect(text.length).toBeLessThan(JSON.stringify(Array.from(saved)).length);
    expect(fn.result(fn.fromJSON!(saved))).toBe(fn.result(b));
    expect(fn.result(fn.fromJSON!(Array.from(saved)))).toBe(fn.result(b)); // checkpoints written as number arrays
    const before = Array.from(saved);
    for (let i = 5000; i < 50_000; i++) fn.add(b, `card-${i}`);
    expect(Array.from(saved)).toEqual(before);
    expect(Array.from(b.registers)).not.toEqual(before);
  });
});
