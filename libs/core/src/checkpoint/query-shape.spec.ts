import { describe, expect, it } from 'vitest';
import { count } from '../aggregates/count.js';
import { sum } from '../aggregates/sum.js';
import { MemoryStream } from '../sources/memory-stream.js';
import { window } from '../window/window.js';
import { queryShape, shapeDifference, shapeOf } from './query-shape.js';

interface Tx {
  ts: number;
  cardId: string;
  merchant: string;
  amount: number;
}

const tx = new MemoryStream<Tx>('tx');
const refunds = new MemoryStream<Tx>('refunds');
const perCard = (s = tx.toStream()) =>
  s
    .withWatermark('ts', '10 minutes')
    .groupBy(window('ts', '1 minute'), 'cardId')
    .agg({ n: count(), total: sum('amount') });

describe('queryShape', () => {
  it('lists sources, watermarks and stateful operators in compile order', () => {
    const shape = queryShape(perCard().plan);
    expect(shape.lines).toHaveLength(3);
    expect(shape.lines[0]).toBe('source 0: MemoryStream[tx]');
    expect(shape.lines[1]).toBe('watermark 0: ts');
    expect(shape.lines[2]).toMatch(/^stateful 0: Aggregate \[.*cardId\] \[.*AS n, .*AS total\]$/);
    expect(shape.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('is the same for the same query built twice, and ignores stateless changes (as Spark allows)', () => {
    const a = queryShape(perCard().plan);
    const b = queryShape(perCard(tx.toStream().filter((t) => t.amount > 100)).plan);
    expect(b).toEqual(a);
  });

  it('changes when the grouping keys, the aggregates, the watermark column or a source change', () => {
    const base = queryShape(perCard().plan);
    const byMerchant = queryShape(
      tx
        .toStream()
        .withWatermark('ts', '10 minutes')
        .groupBy(window('ts', '1 minute'), 'merchant')
        .agg({ n: count(), total: sum('amount') }).plan,
    );
    const otherSource = queryShape(perCard(refunds.toStream()).plan);
    for (const other of [byMerchant, otherSource]) {
      expect(other.fingerprint).not.toBe(base.fingerprint);
      expect(shapeDifference(base, other)).toMatch(/^the checkpoint has ".*" where this query has ".*"$/);
    }
  });

  it('allows a different watermark delay (the checkpoint keeps the watermark value)', () => {
    const a = queryShape(perCard().plan);
    const b = queryShape(
      tx
        .toStream()
        .withWatermark('ts', '1 hour')
        .groupBy(window('ts', '1 minute'), 'cardId')
        .agg({ n: count(), total: sum('amount') }).plan,
    );
    expect(b.fingerprint).toBe(a.fingerprint);
  });

  it('counts a source read twice (self-union) once, as the runner reads it once per batch', () => {
    const s = tx.toStream();
    const shape = queryShape(s.union(s).plan);
    expect(shape.lines).toEqual(['source 0: MemoryStream[tx]']);
    expect(queryShape(s.union(refunds.toStream()).plan).lines).toEqual(['source 0: MemoryStream[tx]', 'source 1: MemoryStream[refunds]']);
  });
});

describe('shapeDifference', () => {
  it('is undefined for equal shapes and names added or missing lines', () => {
    const a = shapeOf(['source 0: x']);
    expect(shapeDifference(a, shapeOf(['source 0: x']))).toBeUndefined();
    expect(shapeDifference(a, shapeOf(['source 0: x', 'stateful 0: Deduplicate [id]']))).toBe(
      'this query has "stateful 0: Deduplicate [id]", which the checkpoint\'s query did not have',
    );
  });
});
