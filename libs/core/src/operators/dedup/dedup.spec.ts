import { describe, expect, it } from 'vitest';
import { MemoryStream } from '../../sources/memory-stream.js';
import { count } from '../../aggregates/count.js';
import { window } from '../../window/window.js';
import type { LateRecord } from '../../exec/late.js';
import type { Sink } from '../../ports.js';
import {
  addData,
  assertOnQuery,
  checkAnswer,
  checkLastBatch,
  checkNewAnswer,
  expectFailure,
  startStream,
  stopStream,
  testStream,
} from '../../testing/index.js';
import { assertNumStateRows } from '../state/support/state-rows.js';
import { runWithRestart } from '../state/support/restart-harness.js';

const sec = (s: number): number => s * 1000;

interface Ev {
  eventTime: number;
}
const ev = (...secs: number[]): Ev[] => secs.map((s) => ({ eventTime: sec(s) }));

class LateSink implements Sink<LateRecord> {
  readonly description = 'late';
  readonly rows: LateRecord[] = [];
  addBatch(rows: readonly LateRecord[]): void {
    this.rows.push(...rows);
  }
}

describe('dropDuplicates (StreamingDeduplicationSuite)', () => {
  it('deduplicate with all columns', async () => {
    const input = new MemoryStream<{ value: string }>();
    await testStream(input.toStream().dropDuplicates(), 'append')(
      addData(input, { value: 'a' }),
      checkLastBatch({ value: 'a' }),
      assertNumStateRows({ total: 1, updated: 1 }),
      addData(input, { value: 'a' }),
      checkLastBatch(),
      assertNumStateRows({ total: 1, updated: 0 }),
      addData(input, { value: 'b' }),
      checkLastBatch({ value: 'b' }),
      assertNumStateRows({ total: 2, updated: 1 }),
    );
  });

  it('deduplicate with some columns', async () => {
    const input = new MemoryStream<{ _1: string; _2: number }>();
    await testStream(input.toStream().dropDuplicates('_1'), 'append')(
      addData(input, { _1: 'a', _2: 1 }),
      checkLastBatch({ _1: 'a', _2: 1 }),
      assertNumStateRows({ total: 1, updated: 1, droppedByWatermark: 0 }),
      addData(input, { _1: 'a', _2: 2 }),
      checkLastBatch(),
      assertNumStateRows({ total: 1, updated: 0 }),
      addData(input, { _1: 'b', _2: 1 }),
      checkLastBatch({ _1: 'b', _2: 1 }),
      assertNumStateRows({ total: 2, updated: 1 }),
    );
  });

  it('multiple deduplicates', async () => {
    const input = new MemoryStream<{ _1: string; _2: number }>();
    await testStream(input.toStream().dropDuplicates().dropDuplicates('_1'), 'append')(
      addData(input, { _1: 'a', _2: 1 }),
      checkLastBatch({ _1: 'a', _2: 1 }),
      assertNumStateRows({ total: [1, 1], updated: [1, 1] }),
      addData(input, { _1: 'a', _2: 2 }),
      checkLastBatch(),
      assertNumStateRows({ total: [2, 1], updated: [1, 0] }),
      addData(input, { _1: 'b', _2: 1 }),
      checkLastBatch({ _1: 'b', _2: 1 }),
      assertNumStateRows({ total: [3, 2], updated: [1, 1] }),
    );
  });

  it('a row with a new column is a new row for dropDuplicates()', async () => {
    const input = new MemoryStream<{ a: number; b?: number }>();
    await testStream(input.toStream().dropDuplicates(), 'append')(
      addData(input, { a: 1 }, { a: 1 }),
      checkNewAnswer({ a: 1 }),
      addData(input, { a: 1, b: 2 }, { a: 1 }, { b: 2, a: 1 }),
      checkNewAnswer({ a: 1, b: 2 }),
      assertNumStateRows({ total: 2 }),
    );
  });

  it('deduplicate with watermark: state evicted as the watermark passes, late rows dropped', async () => {
    const input = new MemoryStream<Ev>();
    const result = input.toStream().withWatermark('eventTime', '10 seconds').dropDuplicates();
    const five = [10, 11, 12, 13, 14, 15];
    await testStream(result, 'append')(
      addData(input, ev(...five, ...five, ...five, ...five, ...five)),
      checkAnswer(...ev(...five)),
      assertNumStateRows({ total: 6, updated: 6 }),
      addData(input, ev(25)), // watermark 15: the no-data batch drops keys <= 15
      checkNewAnswer(...ev(25)),
      assertNumStateRows({ total: 1, updated: 1, removed: 6 }),
      addData(input, ev(10)), // behind the watermark
      checkNewAnswer(),
      assertNumStateRows({ total: 1, updated: 0, droppedByWatermark: 1 }),
      addData(input, ev(45)), // watermark 35: drops 25
      checkNewAnswer(...ev(45)),
      assertNumStateRows({ total: 1, updated: 1 }),
    );
  });

  it('deduplicate with aggregate - append mode (state of both operators, no-data batches)', async () => {
    const input = new MemoryStream<Ev>();
    const result = input
      .toStream()
      .withWatermark('eventTime', '10 seconds')
      .dropDuplicates()
      .groupBy(window('eventTime', '5 seconds'))
      .agg({ count: count() })
      .map((r) => [r.window.start / 1000, r.count]);
    const five = [10, 11, 12, 13, 14, 15];
    // stateOperators are in plan order, children first: [dedupe, window aggregation] (Spark lists them the other way)
    await testStream(result, 'append')(
      addData(input, ev(...five, ...five, ...five, ...five, ...five)),
      checkLastBatch(),
      assertNumStateRows({ total: [6, 2], updated: [6, 2] }),
      addData(input, ev(25)), // watermark 15: the no-data batch emits [10, 15)
      checkLastBatch([10, 5]),
      assertNumStateRows({ total: [1, 2], updated: [1, 1] }),
      addData(input, ev(10)),
      checkLastBatch(),
      assertNumStateRows({ total: [1, 2], updated: [0, 0], droppedByWatermark: [1, 0] }),
      addData(input, ev(40)), // watermark 30
      checkLastBatch([15, 1], [25, 1]),
      assertNumStateRows({ total: [1, 1], updated: [1, 1] }),
    );
  });

  it('SPARK-19841: the watermark predicate filters on keys', async () => {
    const input = new MemoryStream<{ time: number; id: number }>();
    const row = (t: number, id: number) => ({ time: sec(t), id });
    const result = input.toStream().withWatermark('time', '1 second').dropDuplicates('id', 'time').select('id');
    await testStream(result, 'append')(
      addData(input, row(1, 1), row(1, 1), row(1, 2)),
      checkAnswer({ id: 1 }, { id: 2 }),
      addData(input, row(1, 1), row(2, 3), row(2, 4)),
      checkNewAnswer({ id: 3 }, { id: 4 }),
      addData(input, row(1, 0), row(1, 1), row(3, 5), row(3, 6)), // (1,0) and (1,1) late
      checkNewAnswer({ id: 5 }, { id: 6 }),
      addData(input, row(1, 0), row(4, 7)),
      checkNewAnswer({ id: 7 }),
    );
  });

  it('SPARK-21546: with the event time not in the key, state is not evicted', async () => {
    const input = new MemoryStream<{ id: number; time: number }>();
    const result = input.toStream().withWatermark('time', '1 second').dropDuplicates('id');
    await testStream(result, 'append')(
      addData(input, { id: 1, time: sec(1) }, { id: 1, time: sec(2) }, { id: 2, time: sec(2) }),
      checkAnswer({ id: 1, time: sec(1) }, { id: 2, time: sec(2) }),
      addData(input, { id: 3, time: sec(30) }),
      checkNewAnswer({ id: 3, time: sec(30) }),
      addData(input, { id: 1, time: sec(31) }), // still a duplicate: key 1 is never evicted
      checkNewAnswer(),
      assertNumStateRows({ total: 3 }),
    );
  });

  it('late rows go to the late side output with the operator name and lateness', async () => {
    const input = new MemoryStream<Ev>();
    const late = new LateSink();
    const result = input.toStream().withWatermark('eventTime', '10 seconds', { late }).dropDuplicates();
    await testStream(result, 'append')(
      addData(input, ev(25)),
      checkNewAnswer(...ev(25)),
      addData(input, ev(12)),
      checkNewAnswer(),
      assertOnQuery((q) => q.lastProgress?.stateOperators[0]?.numLateRowsRouted === 1, 'one routed'),
    );
    expect(late.rows).toEqual([{ row: { eventTime: sec(12) }, eventTimeMs: sec(12), watermarkMs: sec(15), lateByMs: sec(3), operator: 'dedupe' }]);
  });

  it('rows without a valid event time go to the error output, not into state', async () => {
    const input = new MemoryStream<{ eventTime: unknown }>();
    await testStream(input.toStream().dropDuplicates().withWatermark('eventTime', '1 second').dropDuplicates('eventTime'), 'append')(
      addData(input, { eventTime: 'soon' }, { eventTime: sec(3) }),
      checkAnswer({ eventTime: sec(3) }),
      assertOnQuery((q) => q.recentProgress.reduce((n, p) => n + (p.numInvalidRows ?? 0), 0) === 1, 'one invalid row'),
    );
  });
});

describe('dropDuplicatesWithinWatermark (StreamingDeduplicationWithinWatermarkSuite)', () => {
  it('needs a watermark (checked at start)', async () => {
    const input = new MemoryStream<{ value: string }>();
    await testStream(input.toStream().dropDuplicatesWithinWatermark(), 'append')(expectFailure({ code: 'DEDUP_NEEDS_WATERMARK' }));
  });

  it('deduplicate with all columns with the event time column', async () => {
    const input = new MemoryStream<Ev>();
    const result = input.toStream().withWatermark('eventTime', '10 seconds').dropDuplicatesWithinWatermark();
    const five = [10, 11, 12, 13, 14, 15];
    await testStream(result, 'append')(
      addData(input, ev(...five, ...five, ...five, ...five, ...five)),
      checkAnswer(...ev(...five)),
      assertNumStateRows({ total: 6, updated: 6 }),
      addData(input, ev(13, 14, 15, 16, 17)),
      checkNewAnswer(...ev(16, 17)),
      assertNumStateRows({ total: 8, updated: 2 }),
      addData(input, ev(5)),
      checkNewAnswer(),
      assertNumStateRows({ total: 8, updated: 0, droppedByWatermark: 1 }),
      addData(input, ev(35)), // watermark 25: drops expiry <= 25
      checkNewAnswer(...ev(35)),
      assertNumStateRows({ total: 3, updated: 1 }),
      addData(input, ev(55)), // watermark 45
      checkNewAnswer(...ev(55)),
      assertNumStateRows({ total: 1, updated: 1 }),
    );
  });

  it('deduplicate with a subset of columns that leaves the event time out', async () => {
    const input = new MemoryStream<{ _1: string; eventTime: number }>();
    const r = (k: string, s: number) => ({ _1: k, eventTime: sec(s) });
    const result = input.toStream().withWatermark('eventTime', '2 seconds').dropDuplicatesWithinWatermark('_1');
    await testStream(result, 'append')(
      addData(input, r('a', 17)), // expiry 19, watermark -> 15
      checkNewAnswer(r('a', 17)),
      assertNumStateRows({ total: 1, updated: 1 }),
      addData(input, r('a', 16)),
      checkNewAnswer(),
      assertNumStateRows({ total: 1, updated: 0 }),
      addData(input, r('a', 13)), // late
      checkNewAnswer(),
      assertNumStateRows({ total: 1, updated: 0, droppedByWatermark: 1 }),
      addData(input, r('b', 22), r('c', 21)), // watermark -> 20: drops a (19)
      checkNewAnswer(r('b', 22), r('c', 21)),
      assertNumStateRows({ total: 2, updated: 2 }),
      addData(input, r('a', 21)), // a is new again
      checkNewAnswer(r('a', 21)),
      assertNumStateRows({ total: 3, updated: 1 }),
      addData(input, r('d', 25)), // watermark -> 23: drops a (23) and c (23)
      checkNewAnswer(r('d', 25)),
      assertNumStateRows({ total: 2, updated: 1 }),
    );
  });
});

describe("Spark's numDroppedDuplicateRows custom metric", () => {
  // The last batch with data (Spark's StateStoreMetricsTest.getLastProgressWithData): a no-data batch may follow it.
  const dropped = (n: number) =>
    assertOnQuery(
      (q) => [...q.recentProgress].reverse().find((p) => p.numInputRows > 0)?.stateOperators[0]?.customMetrics?.numDroppedDuplicateRows === n,
      `numDroppedDuplicateRows = ${n}`,
    );

  for (const mode of ['dropDuplicates', 'dropDuplicatesWithinWatermark'] as const) {
    it(`${mode}: counts the duplicates dropped in each batch (not late rows)`, async () => {
      const input = new MemoryStream<{ id: string; eventTime: number }>();
      const r = (id: string, s: number) => ({ id, eventTime: sec(s) });
      const s = input.toStream().withWatermark('eventTime', '10 seconds');
      const result = mode === 'dropDuplicates' ? s.dropDuplicates('id') : s.dropDuplicatesWithinWatermark('id');
      await testStream(result, 'append')(
        addData(input, r('a', 20), r('a', 21), r('b', 20)),
        checkNewAnswer(r('a', 20), r('b', 20)),
        dropped(1),
        addData(input, r('a', 22), r('c', 23), r('c', 23), r('c', 24), r('d', 5)), // d is late (watermark 11)
        checkNewAnswer(r('c', 23)),
        dropped(3),
        assertNumStateRows({ total: 3, droppedByWatermark: 1 }),
        assertOnQuery(
          (q) => q.lastProgress?.stateOperators[0]?.operatorName === (mode === 'dropDuplicates' ? 'dedupe' : 'dedupeWithinWatermark'),
          'operator name',
        ),
        addData(input, r('e', 30)),
        checkNewAnswer(r('e', 30)),
        dropped(0),
      );
    });
  }
});

describe('dedup snapshot/restore', () => {
  const steps = [
    [10, 11, 12, 10],
    [11, 25, 26],
    [12, 25, 40],
    [26, 41, 55],
    [40, 56],
  ].map((s) => ({ add: [ev(...s)] }));

  for (const mode of ['all', 'withinWatermark'] as const) {
    it(`${mode}: stop, restore into a new query, continue = an uninterrupted run`, async () => {
      const build = (input: MemoryStream<Ev & { id: number }>) => {
        const s = input.toStream().withWatermark('eventTime', '5 seconds');
        return (mode === 'all' ? s.dropDuplicates('id', 'eventTime') : s.dropDuplicatesWithinWatermark('id')) as never;
      };
      const withId = steps.map((s) => ({ add: [s.add[0]!.map((e) => ({ ...e, id: e.eventTime % 7000 }))] }));
      const a = new MemoryStream<Ev & { id: number }>();
      const plain = await runWithRestart(build(a), [a as never], withId, { outputMode: 'append' });
      const b = new MemoryStream<Ev & { id: number }>();
      const restarted = await runWithRestart(build(b), [b as never], withId, { outputMode: 'append', restartAfterStep: 1 });
      // Every batch was committed to the checkpoint as it ran; a memory: location keeps the last two.
      expect(restarted.committedBatchIds).toEqual(restarted.batches.map((x) => x.batchId).slice(-2));
      expect(restarted.batches).toEqual(plain.batches);
      expect(plain.batches.flatMap((x) => x.rows).length).toBeGreaterThan(3);
    });
  }

  it('testStream stop/start keeps the dedup state', async () => {
    const input = new MemoryStream<{ _1: string; _2: number }>();
    await testStream(input.toStream().dropDuplicates('_1', '_2').dropDuplicates('_1'), 'append')(
      addData(input, { _1: 'a', _2: 1 }),
      checkNewAnswer({ _1: 'a', _2: 1 }),
      stopStream(),
      startStream(),
      addData(input, { _1: 'a', _2: 1 }, { _1: 'a', _2: 2 }, { _1: 'b', _2: 1 }),
      checkNewAnswer({ _1: 'b', _2: 1 }),
      assertNumStateRows({ total: [3, 2], updated: [2, 1] }),
    );
  });
});
