/** Partitioning facts of plan nodes: required clustering, output partitioning, and copies over new children. */
import { describe, expect, it } from 'vitest';
import { count } from '../aggregates/count.js';
import { StreamlabError } from '../errors.js';
import { staticTable } from '../operators/join/static-table.js';
import { pattern } from '../operators/pattern/pattern.js';
import { sessionWindow } from '../operators/session/session-window.js';
import type { Source } from '../ports.js';
import { MemoryStream } from '../sources/memory-stream.js';
import { Stream } from '../stream/stream.js';
import { window } from '../window/window.js';
import type { PlanNode } from './node.js';
import { keyPositions, partitioningSatisfies, samePartitioning } from './partitioning.js';

type Tx = { cardId: string; merchant: string; txId: string; ts: number; amount: number };

/** A source that declares its rows partitioned by `partitioning` (as a Kafka source over one partition does). */
function declared(partitioning?: readonly string[]): Stream<Tx> {
  const source: Source<Tx> = { description: 'tx', latestOffset: () => null, getBatch: () => [], ...(partitioning ? { partitioning } : {}) };
  return Stream.fromSource(source);
}

const tx = declared(['cardId']).withWatermark('ts', '10 seconds');
const required = (s: { plan: PlanNode }) => s.plan.requiredChildClustering?.();
const partitioning = (s: { plan: PlanNode }) => s.plan.outputPartitioning?.();

describe('partitioning rules', () => {
  it('a partitioning satisfies a clustering when it is known, not empty, and within the required columns', () => {
    expect(partitioningSatisfies(['cardId'], { columns: ['cardId', 'merchant'] })).toBe(true);
    expect(partitioningSatisfies(['cardId', 'merchant'], { columns: ['cardId'] })).toBe(false);
    expect(partitioningSatisfies(['cardId'], { columns: [] })).toBe(false);
    expect(partitioningSatisfies([], { columns: ['cardId'] })).toBe(false);
    expect(partitioningSatisfies(undefined, { columns: ['cardId'] })).toBe(false);
    expect(partitioningSatisfies(['cardId'], { keyOf: (r) => r })).toBe(false);
  });

  it('key positions say whether two join sides are co-partitioned', () => {
    expect(keyPositions(['b'], ['a', 'b'])).toEqual([1]);
    expect(keyPositions(['b', 'a'], ['a', 'b'])).toEqual([1, 0]);
    expect(keyPositions(['c'], ['a', 'b'])).toBeUndefined();
    expect(samePartitioning([['a'], ['a']])).toEqual(['a']);
    expect(samePartitioning([['a'], ['b']])).toBeUndefined();
    expect(samePartitioning([['a'], undefined])).toBeUndefined();
  });
});

describe('output partitioning', () => {
  it('starts at what the source declares; unknown without a declaration', () => {
    expect(partitioning(declared(['cardId']))).toEqual(['cardId']);
    expect(partitioning(declared())).toBeUndefined();
    expect(partitioning(new MemoryStream<Tx>().toStream())).toBeUndefined();
  });

  it('passes through row-preserving nodes and columns that survive', () => {
    expect(partitioning(tx.filter((t) => t.amount > 0))).toEqual(['cardId']);
    expect(partitioning(tx.dropDuplicates('cardId', 'txId'))).toEqual(['cardId']);
    expect(partitioning(tx.union(tx))).toEqual(['cardId']);
    expect(partitioning(tx.select('cardId', 'ts'))).toEqual(['cardId']);
    expect(partitioning(tx.withColumn('big', (t) => t.amount > 100))).toEqual(['cardId']);
    expect(partitioning(tx.join(staticTable([{ cardId: 'c', tier: 1 }]), 'cardId'))).toEqual(['cardId']);
  });

  it('is lost where the partitioning column may change or is dropped', () => {
    expect(partitioning(tx.select('merchant', 'ts'))).toBeUndefined();
    expect(partitioning(tx.withColumn('cardId', (t) => t.merchant))).toBeUndefined();
    expect(partitioning(tx.map((t) => t))).toBeUndefined();
    expect(partitioning(tx.flatMap((t) => [t]))).toBeUndefined();
    expect(partitioning(tx.union(declared(['merchant']).withWatermark('ts', '10 seconds')))).toBeUndefined();
  });

  it('of an aggregation: its groups are in this partition when the child satisfies its clustering', () => {
    expect(partitioning(tx.groupBy(window('ts', '1 minute'), 'cardId').agg({ n: count() }))).toEqual(['cardId']);
    expect(partitioning(tx.groupBy('cardId', 'merchant').count())).toEqual(['cardId']);
    expect(partitioning(tx.groupBy('merchant').count())).toBeUndefined();
  });

  it('of a stream-stream join: the left side when the sides are co-partitioned and left rows are kept', () => {
    const byMerchant = declared(['merchant']).withWatermark('ts', '10 seconds');
    const on = { left: ['cardId', 'merchant'], right: ['cardId', 'merchant'] };
    expect(partitioning(tx.join(tx, 'cardId'))).toEqual(['cardId']);
    expect(partitioning(tx.join(tx, on))).toEqual(['cardId']);
    expect(partitioning(tx.join(byMerchant, on))).toBeUndefined(); // positions 0 and 1: not co-partitioned
    expect(partitioning(tx.join(tx, 'cardId', 'fullOuter', { timeRange: { leftTime: 'ts', rightTime: 'ts', min: 0, max: 1000 } }))).toBeUndefined();
  });
});

describe('required child clustering', () => {
  it('of an aggregation: its non-window group columns ([] for a window-only or global one)', () => {
    expect(required(tx.groupBy(window('ts', '1 minute'), 'merchant').agg({ n: count() }))).toEqual([{ columns: ['merchant'] }]);
    expect(required(tx.groupBy(window('ts', '1 minute')).agg({ n: count() }))).toEqual([{ columns: [] }]);
    expect(required(tx.groupBy(sessionWindow('ts', '5 minutes'), 'merchant').agg({ n: count() }))).toEqual([{ columns: ['merchant'] }]);
  });

  it('of dedup: its columns, else every column (the child partitioning stands for them), else a whole-row key', () => {
    expect(required(tx.dropDuplicates('txId'))).toEqual([{ columns: ['txId'] }]);
    expect(required(tx.dropDuplicatesWithinWatermark('cardId', 'txId'))).toEqual([{ columns: ['cardId', 'txId'] }]);
    expect(required(tx.select('cardId', 'txId').dropDuplicates())).toEqual([{ columns: ['cardId', 'txId'] }]);
    expect(required(tx.dropDuplicates())).toEqual([{ columns: ['cardId'] }]);
    const [whole] = required(new MemoryStream<Tx>().toStream().dropDuplicates())!;
    if (!whole || !('keyOf' in whole)) throw new Error('expected a key function');
    expect(whole.keyOf({ b: 1, a: 2 })).toEqual(whole.keyOf({ a: 2, b: 1 }));
    expect(whole.keyOf({ a: 1 })).not.toEqual(whole.keyOf({ a: 2 }));
  });

  it('of groupByKey: the column of groupByKey(column), the function of groupByKey(fn)', () => {
    const fn = (s: { plan: PlanNode }) => required(s)![0] as { keyOf?: (r: unknown) => unknown; columns?: readonly string[] };
    const byColumn = tx.groupByKey('cardId').flatMapGroupsWithState((k, rows) => [{ k, n: rows.length }], { outputMode: 'append' });
    expect(fn(byColumn)).toEqual({ columns: ['cardId'] });
    expect(partitioning(byColumn)).toBeUndefined(); // new rows
    const byFn = fn(tx.groupByKey((t) => t.cardId).mapGroupsWithState((k) => k));
    expect(byFn.keyOf?.({ cardId: 'c1' })).toBe('c1');
    const p = pattern<Tx>().begin('a', (t) => t.amount > 0);
    expect(fn(tx.groupByKey('cardId').pattern(p))).toEqual({ columns: ['cardId'] });
    expect(fn(tx.groupByKey((t) => t.merchant).pattern(p)).keyOf?.({ merchant: 'm' })).toBe('m');
  });

  it('of a stream-stream join: each side its key columns; stateless nodes and static joins need none', () => {
    expect(required(tx.join(tx, { left: 'cardId', right: 'merchant' }))).toEqual([{ columns: ['cardId'] }, { columns: ['merchant'] }]);
    expect(required(tx.join(staticTable([{ cardId: 'c' }]), 'cardId'))).toEqual([undefined]);
    expect(required(tx.filter(() => true))).toEqual([undefined]);
    expect(required(tx.union(tx))).toEqual([undefined, undefined]);
  });

  it('groupByKey(column) keys by the column value and is typed by it', async () => {
    const input = new MemoryStream<Tx>();
    const out: { key: string; n: number }[] = [];
    const q = input
      .toStream()
      .groupByKey('cardId')
      .mapGroupsWithState<number, { key: string; n: number }>((key, rows, state) => {
        const n = (state.getOption() ?? 0) + rows.length;
        state.update(n);
        return { key, n };
      })
      .writeStream.outputMode('update')
      .foreachBatch((rows) => {
        out.push(...rows);
      })
      .start();
    input.addData([
      { cardId: 'a', merchant: 'm', txId: '1', ts: 0, amount: 1 },
      { cardId: 'a', merchant: 'm', txId: '2', ts: 0, amount: 1 },
      { cardId: 'b', merchant: 'm', txId: '3', ts: 0, amount: 1 },
    ]);
    await q.processAllAvailable();
    await q.stop();
    expect(out.sort((x, y) => x.key.localeCompare(y.key))).toEqual([
      { key: 'a', n: 2 },
      { key: 'b', n: 1 },
    ]);
    expect(() => input.toStream().groupByKey(42 as never)).toThrow(StreamlabError);
  });
});

describe('withChildren', () => {
  it('copies a node over new children; the copy runs like a plan built over them', async () => {
    const a = new MemoryStream<Tx>();
    const b = new MemoryStream<Tx>();
    const agg = a.toStream().withWatermark('ts', '1 second').groupBy(window('ts', '10 seconds'), 'cardId').agg({ n: count() });
    const over = b
      .toStream()
      .filter((t) => t.amount > 0)
      .withWatermark('ts', '1 second');
    const copy = agg.plan.withChildren!([over.plan]);
    expect(copy).not.toBe(agg.plan);
    expect(copy.children[0]).toBe(over.plan);
    expect(agg.plan.children[0]).not.toBe(over.plan); // the original is untouched
    expect(copy.describe()).toBe(agg.plan.describe());
    const rows: unknown[] = [];
    const q = new Stream<{ cardId: string; n: number }>(copy).writeStream.outputMode('append').foreachBatch((r) => {
      rows.push(...r);
    });
    const query = q.start();
    b.addData([
      { cardId: 'c', merchant: 'm', txId: '1', ts: 1000, amount: 5 },
      { cardId: 'c', merchant: 'm', txId: '2', ts: 2000, amount: 0 },
      { cardId: 'c', merchant: 'm', txId: '3', ts: 30_000, amount: 5 },
    ]);
    await query.processAllAvailable();
    await query.stop();
    expect(rows).toEqual([{ window: { start: 0, end: 10_000 }, cardId: 'c', n: 1 }]);
  });

  it('refuses a different number of children, and moving a per-partition watermark off its source', () => {
    const node: PlanNode = tx.filter(() => true).plan;
    expect(() => node.withChildren!([])).toThrow(expect.objectContaining({ code: 'PLAN_CHILDREN' }));
    const source: Source<Tx> = { description: 'pp', latestOffset: () => null, getBatch: () => [], batchPartitionEventTimes: () => ({}) };
    const wm = Stream.fromSource(source).withWatermark('ts', '1 second', { perPartition: true });
    expect(() => wm.plan.withChildren!([declared().plan])).toThrow(expect.objectContaining({ code: 'PER_PARTITION_WATERMARK_UNSUPPORTED' }));
    expect(wm.plan.withChildren!([wm.plan.children[0]!]).describe()).toBe(wm.plan.describe());
  });
});
