/** Type inference of the Stream builder: the row types users get without annotations. */
import { describe, expectTypeOf, it } from 'vitest';
import {
  approxCountDistinct,
  avg,
  collectList,
  count,
  countDistinct,
  first,
  last,
  max,
  MemoryStream,
  min,
  sum,
  window,
  type Stream,
  type Window,
} from '../index.js';
import type { KeyedStream } from '../operators/state/keyed-stream.js';

type Tx = { ts: number; cardId: string; amount: number; country: 'FR' | 'DE' };
const tx = new MemoryStream<Tx>().toStream();

describe('Stream<T> type inference', () => {
  it('groupBy(window, key).agg infers window, key and aggregate columns', () => {
    const s = tx.groupBy(window('ts', '1 minute'), 'cardId').agg({ n: count(), total: sum('amount') });
    expectTypeOf(s).toEqualTypeOf<Stream<{ window: Window; cardId: string; n: number; total: number | null }>>(); // a sum over no values is null, as in Spark
  });

  it('field-typed aggregates take the type of their field', () => {
    const s = tx.groupBy('country').agg({
      lo: min('amount'),
      hi: max('amount'),
      firstCard: first('cardId'),
      lastCard: last('cardId'),
      cards: collectList('cardId'),
      mean: avg('amount'),
      distinct: countDistinct('cardId'),
      approx: approxCountDistinct('cardId'),
    });
    expectTypeOf(s).toEqualTypeOf<
      Stream<{
        country: 'FR' | 'DE';
        lo: number;
        hi: number;
        firstCard: string;
        lastCard: string;
        cards: string[];
        mean: number | null;
        distinct: number;
        approx: number;
      }>
    >();
  });

  it('count() adds a count column; keys without a window', () => {
    expectTypeOf(tx.groupBy('cardId', 'country').count()).toEqualTypeOf<Stream<{ cardId: string; country: 'FR' | 'DE'; count: number }>>();
  });

  it('stateless operators flow types', () => {
    expectTypeOf(tx.select('cardId', 'amount')).toEqualTypeOf<Stream<{ cardId: string; amount: number }>>();
    expectTypeOf(tx.withColumn('big', (t) => t.amount > 100)).toEqualTypeOf<
      Stream<{ ts: number; cardId: string; amount: number; country: 'FR' | 'DE'; big: boolean }>
    >();
    expectTypeOf(tx.map((t) => t.amount)).toEqualTypeOf<Stream<number>>();
    expectTypeOf(tx.flatMap((t) => [t.cardId])).toEqualTypeOf<Stream<string>>();
    expectTypeOf(tx.filter((t): t is Tx & { country: 'FR' } => t.country === 'FR')).toEqualTypeOf<Stream<Tx & { country: 'FR' }>>();
    expectTypeOf(tx.withWatermark('ts', '10 minutes')).toEqualTypeOf<Stream<Tx>>();
  });

  it('rejects unknown columns at compile time', () => {
    // @ts-expect-error 'nope' is not a column of Tx
    tx.groupBy('nope');
    // @ts-expect-error 'nope' is not a column of Tx
    tx.groupBy('cardId').agg({ s: sum('nope') });
    // @ts-expect-error 'nope' is not a column of Tx
    tx.withWatermark('nope', '1 minute');
    // @ts-expect-error 'nope' is not a column of Tx
    tx.select('nope');
    // @ts-expect-error the window's time column 'nope' is not a column of Tx
    tx.groupBy(window('nope', '1 minute'));
  });
  it('types the rows of every stream-stream join type: the side that may be missing is nullable', () => {
    type L = { k: string; lt: number };
    type R = { k: string; rt: number };
    const l = null as unknown as Stream<L>;
    const r = null as unknown as Stream<R>;
    expectTypeOf(l.join(r, 'k')).toEqualTypeOf<Stream<{ k: string; lt: number; rt: number }>>();
    expectTypeOf(l.join(r, 'k', 'leftOuter')).toEqualTypeOf<Stream<{ k: string; lt: number; rt: number | null }>>();
    expectTypeOf(l.join(r, 'k', 'rightOuter')).toEqualTypeOf<Stream<{ k: string; lt: number | null; rt: number }>>();
    expectTypeOf(l.join(r, 'k', 'fullOuter')).toEqualTypeOf<Stream<{ k: string; lt: number | null; rt: number | null }>>();
    expectTypeOf(l.join(r, 'k', 'leftSemi')).toEqualTypeOf<Stream<L>>();
  });

  it('groupByKey(column) keys by the type of that column; an unknown column does not compile', () => {
    expectTypeOf(tx.groupByKey('cardId')).toEqualTypeOf<KeyedStream<string, Tx>>();
    expectTypeOf(tx.groupByKey('country')).toEqualTypeOf<KeyedStream<'FR' | 'DE', Tx>>();
    expectTypeOf(tx.groupByKey((t) => t.amount)).toEqualTypeOf<KeyedStream<number, Tx>>();
    // @ts-expect-error 'nope' is not a column of Tx
    tx.groupByKey('nope');
  });
});
