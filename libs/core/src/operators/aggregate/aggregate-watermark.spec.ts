/**
 * Window aggregation with a watermark: Spark's EventTimeWatermarkSuite cases and the edge cases of
 * the watermark rules (out-of-order rows, boundaries, the watermark itself, late rows in later
 * sliding windows,
 * empty batches, watermark jumps, complete mode).
 */
import { describe, expect, it } from 'vitest';
import { count, MemoryStream, sum, window } from '../../index.js';
import { addData, assertOnQuery, checkAnswer, checkNewAnswer, testStream } from '../../testing/index.js';
import type { StreamingQuery } from '../../query/streaming-query.js';

type Ev = { ts: number; v?: number };
const sec = (...s: number[]): Ev[] => s.map((x) => ({ ts: x * 1000 }));
const start = (s: number, n: number) => ({ start: s * 1000, n });

function tumbling5(input: MemoryStream<Ev>) {
  return input
    .toStream()
    .withWatermark('ts', '10 seconds')
    .groupBy(window('ts', '5 seconds'))
    .agg({ n: count() })
    .map((r) => ({ start: r.window.start, n: r.n }));
}

const stateRows = (n: number) => assertOnQuery((q) => q.lastProgress?.stateOperators[0]?.numRowsTotal === n, `${n} state rows`);
/** As Spark's helper: the last batch that had input. */
const dropped = (n: number) =>
  assertOnQuery((q: StreamingQuery) => {
    const withData = q.recentProgress.filter((p) => p.numInputRows > 0).at(-1);
    expect(withData?.stateOperators[0]?.numRowsDroppedByWatermark).toBe(n);
  }, `${n} rows dropped by watermark`);

describe('window aggregation with a watermark (EventTimeWatermarkSuite)', () => {
  it('append mode: a window is emitted once the watermark passes its end, then forgotten', async () => {
    const input = new MemoryStream<Ev>();
    await testStream(tumbling5(input), 'append')(
      addData(input, sec(10, 11, 12, 13, 14, 15)),
      checkNewAnswer(),
      addData(input, sec(25)), // watermark -> 15s
      checkNewAnswer(start(10, 5)),
      stateRows(2),
      dropped(0),
      addData(input, sec(10)), // late: its window [10, 15) ended at the watermark
      checkNewAnswer(),
      stateRows(2),
      dropped(1),
    );
  });

  it('update mode: changed rows every batch; evicted state is not emitted again', async () => {
    const input = new MemoryStream<Ev>();
    await testStream(tumbling5(input), 'update')(
      addData(input, sec(10, 11, 12, 13, 14, 15)),
      checkNewAnswer(start(10, 5), start(15, 1)),
      addData(input, sec(25)),
      checkNewAnswer(start(25, 1)),
      stateRows(2),
      dropped(0),
      addData(input, sec(10, 25)),
      checkNewAnswer(start(25, 2)),
      stateRows(2),
      dropped(1),
      addData(input, sec(10)),
      checkNewAnswer(),
      stateRows(2),
    );
  });

  it('counts out-of-order rows that are within the watermark delay', async () => {
    const input = new MemoryStream<Ev>();
    await testStream(tumbling5(input), 'append')(
      addData(input, sec(20, 12, 14)), // 12 and 14 are out of order
      checkNewAnswer(), // watermark -> 10s: [10, 15) is still open
      addData(input, sec(11, 30)), // 11 is 19s behind the max but its window is open: counted
      checkNewAnswer(start(10, 3)), // watermark -> 20s closes [10, 15)
      dropped(0),
      addData(input, sec(9, 40)), // [5, 10) ended before the watermark: 9 is dropped
      checkNewAnswer(start(20, 1)),
      dropped(1),
    );
  });

  it('a row exactly on a boundary goes to the window starting there', async () => {
    const input = new MemoryStream<Ev>();
    await testStream(tumbling5(input), 'update')(addData(input, sec(5, 10)), checkNewAnswer(start(5, 1), start(10, 1)));
  });

  it('a row exactly at the watermark is kept; a window ending exactly at the watermark is closed', async () => {
    const input = new MemoryStream<Ev>();
    await testStream(tumbling5(input), 'update')(
      addData(input, sec(25)), // watermark -> 15s
      checkNewAnswer(start(25, 1)),
      addData(input, sec(15)), // event time == watermark: window [15, 20) is open
      checkNewAnswer(start(15, 1)),
      dropped(0),
      addData(input, sec(14.999)), // window [10, 15) ends at the watermark: late
      checkNewAnswer(),
      dropped(1),
    );
  });

  it('a late row still counts in its later sliding window', async () => {
    const input = new MemoryStream<Ev>();
    const sliding = input
      .toStream()
      .withWatermark('ts', '10 seconds')
      .groupBy(window('ts', '10 seconds', '5 seconds'))
      .agg({ n: count() })
      .map((r) => ({ start: r.window.start, n: r.n }));
    await testStream(sliding, 'update')(
      addData(input, sec(25)), // watermark -> 15s
      checkNewAnswer(start(20, 1), start(25, 1)),
      addData(input, sec(12)), // [5, 15) is closed, [10, 20) is open
      checkNewAnswer(start(10, 1)),
      dropped(1),
    );
  });

  it('append mode, sliding windows keyed by two columns: each window merges a key from all its panes into one row', async () => {
    type Kv = { ts: number; patient: string; vital: string; v: number };
    const input = new MemoryStream<Kv>();
    const q = input
      .toStream()
      .withWatermark('ts', '0 seconds')
      .groupBy(window('ts', '10 seconds', '5 seconds'), 'patient', 'vital')
      .agg({ n: count(), total: sum('v') })
      .map((r) => ({ start: r.window.start / 1000, key: `${r.patient}/${r.vital}`, n: r.n, total: r.total }));
    const row = (patient: string, vital: string, t: number, v: number): Kv => ({ ts: t * 1000, patient, vital, v });
    await testStream(q, 'append')(
      // one row per pane of [0, 10) for each key: the tuples of the two panes are different objects
      addData(input, [row('p1', 'hr', 1, 10), row('p1', 'rr', 2, 1), row('p1', 'hr', 6, 20), row('p1', 'rr', 7, 2)]),
      addData(input, [row('p2', 'hr', 30, 0)]), // watermark -> 30 s: [-5, 5), [0, 10) and [5, 15) close
      checkNewAnswer(
        { start: -5, key: 'p1/hr', n: 1, total: 10 },
        { start: -5, key: 'p1/rr', n: 1, total: 1 },
        { start: 0, key: 'p1/hr', n: 2, total: 30 },
        { start: 0, key: 'p1/rr', n: 2, total: 3 },
        { start: 5, key: 'p1/hr', n: 1, total: 20 },
        { start: 5, key: 'p1/rr', n: 1, total: 2 },
      ),
    );
  });

  it('empty batches change nothing', async () => {
    const input = new MemoryStream<Ev>();
    const onlyPositive = input
      .toStream()
      .filter((e) => (e.v ?? 0) > 0)
      .withWatermark('ts', '10 seconds')
      .groupBy(window('ts', '5 seconds'))
      .agg({ n: count() });
    await testStream(onlyPositive, 'update')(
      addData(input, { ts: 1000, v: 1 }),
      checkNewAnswer({ window: { start: 0, end: 5000 }, n: 1 }),
      addData(input, { ts: 2000, v: -1 }), // a batch whose rows all disappear before the aggregation
      checkNewAnswer(),
      assertOnQuery((q) => q.lastProgress?.numInputRows === 1 && q.lastProgress.sink.numOutputRows === 0, 'batch ran, empty'),
      stateRows(1),
    );
  });

  it('a watermark jump closes many windows in one no-data batch', async () => {
    const input = new MemoryStream<Ev>();
    await testStream(tumbling5(input), 'append')(
      addData(input, sec(1, 6, 11, 16, 21)),
      checkNewAnswer(start(0, 1), start(5, 1)), // watermark -> 11s
      addData(input, sec(500)), // watermark -> 490s
      checkNewAnswer(start(10, 1), start(15, 1), start(20, 1)),
      assertOnQuery((q) => q.lastProgress?.numInputRows === 0 && q.lastProgress.stateOperators[0]?.numRowsRemoved === 3, 'no-data batch'),
      stateRows(1),
    );
  });

  it('complete mode never evicts and never drops late rows', async () => {
    const input = new MemoryStream<Ev>();
    const q = input
      .toStream()
      .withWatermark('ts', '10 seconds')
      .groupBy(window('ts', '5 seconds'))
      .agg({ n: count(), total: sum('v') })
      .map((r) => ({ start: r.window.start / 1000, n: r.n, total: r.total }));
    await testStream(q, 'complete')(
      addData(input, { ts: 10_000, v: 1 }, { ts: 100_000, v: 2 }),
      checkAnswer({ start: 10, n: 1, total: 1 }, { start: 100, n: 1, total: 2 }),
      addData(input, { ts: 11_000, v: 5 }), // far behind the watermark (90s)
      checkAnswer({ start: 10, n: 2, total: 6 }, { start: 100, n: 1, total: 2 }),
      stateRows(2),
      dropped(0),
    );
  });
});
