/**
 * The points where StreamLab used to differ from real Apache Spark 3.5, each as Spark
 * behaves: late rows judged by the previous batch's watermark, inputs without data holding the
 * watermark at 0, the dropped-row metric counting late groups, no-data batches on every moved
 * watermark, no watermark in progress without one, and `addData([])` running a zero-row batch.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { count, MemoryStream, StreamingSession, sum, window, type Logger, type OutputMode, type Stream } from '../index.js';
import { ManualClock } from '../testing/index.js';

const sec = (s: number) => s * 1000;
const iso = (ms: number) => new Date(ms).toISOString();
const silent = pino({ level: 'silent' }) as unknown as Logger;
type Ev = { k: string; ts: number };

/** Starts `stream` in `mode`, collecting each batch's rows. */
function run<T>(stream: Stream<T>, mode: OutputMode, options: Record<string, string | number> = {}) {
  const batches: { batchId: number; rows: T[] }[] = [];
  let writer = stream.writeStream.outputMode(mode);
  for (const [k, v] of Object.entries(options)) writer = writer.option(k, v);
  const q = writer
    .foreachBatch((rows, batchId) => void batches.push({ batchId, rows: [...rows] }))
    .session(new StreamingSession({ clock: new ManualClock(0), logger: silent }))
    .start();
  return { q, batches, rows: () => batches.flatMap((b) => b.rows) };
}

const windowCounts = (s: Stream<Ev>) => s.withWatermark('ts', '10 seconds').groupBy(window('ts', '10 seconds'), 'k').agg({ n: count() });

describe('Spark 3.5 semantics', () => {
  it("late rows are judged by the previous batch's watermark: with data batches back to back a row Spark keeps is kept", async () => {
    const input = new MemoryStream<Ev>();
    input.addData({ k: 'a', ts: sec(20) }, { k: 'a', ts: sec(40) }, { k: 'a', ts: sec(22) });
    const { q, rows } = run(windowCounts(input.toStream()), 'append', { maxRowsPerTrigger: 1 });
    await q.processAllAvailable();
    await q.stop();
    // Batch 2 runs with watermark 30 s (closing [20, 30)) but judges its row (22 s) by batch 1's, 10 s: not late.
    expect(q.recentProgress.map((p) => p.eventTime.watermark)).toEqual([iso(0), iso(sec(10)), iso(sec(30))]);
    expect(rows()).toEqual([{ window: { start: sec(20), end: sec(30) }, k: 'a', n: 2 }]);
    expect(q.recentProgress.reduce((n, p) => n + p.stateOperators[0]!.numRowsDroppedByWatermark, 0)).toBe(0);
  });

  it('an input that has had no data holds the watermark at 0 under the min policy', async () => {
    const a = new MemoryStream<Ev>();
    const b = new MemoryStream<Ev>();
    const watermarked = (m: MemoryStream<Ev>) => m.toStream().withWatermark('ts', '10 seconds');
    const { q, rows } = run(watermarked(a).union(watermarked(b)).groupBy(window('ts', '10 seconds'), 'k').agg({ n: count() }), 'append');
    a.addData({ k: 'x', ts: sec(100) });
    await q.processAllAvailable();
    a.addData({ k: 'x', ts: sec(200) });
    await q.processAllAvailable();
    expect(q.lastProgress?.eventTime.watermark).toBe(iso(0)); // b has had no data
    expect(rows()).toEqual([]);
    b.addData({ k: 'x', ts: sec(105) }); // not late: the window [100, 110) is still open
    await q.processAllAvailable();
    b.addData({ k: 'y', ts: sec(300) });
    await q.processAllAvailable();
    await q.stop();
    expect(q.lastProgress?.eventTime.watermark).toBe(iso(sec(190)));
    expect(rows()).toEqual([{ window: { start: sec(100), end: sec(110) }, k: 'x', n: 2 }]); // [200, 210) is still open
  });

  it('numRowsDroppedByWatermark counts late (window, key) groups, as Spark drops them after partial aggregation', async () => {
    const input = new MemoryStream<Ev>();
    const { q } = run(windowCounts(input.toStream()), 'update');
    input.addData({ k: 'a', ts: sec(100) });
    await q.processAllAvailable(); // watermark 90 s
    input.addData({ k: 'a', ts: sec(51) }, { k: 'a', ts: sec(52) }, { k: 'b', ts: sec(53) }); // 3 late rows, 2 groups
    await q.processAllAvailable();
    await q.stop();
    const withData = q.recentProgress.filter((p) => p.numInputRows > 0).at(-1)!;
    expect(withData.stateOperators[0]!.numRowsDroppedByWatermark).toBe(2);
  });

  it('a watermark that moved runs a no-data batch for dedup even when no state is due, so progress shows it', async () => {
    const input = new MemoryStream<{ id: string; ts: number }>();
    const { q } = run(input.toStream().withWatermark('ts', '10 seconds').dropDuplicates('id'), 'append');
    input.addData({ id: 'a', ts: sec(100) });
    await q.processAllAvailable();
    await q.stop();
    expect(q.recentProgress.map((p) => [p.numInputRows, p.eventTime.watermark])).toEqual([
      [1, iso(0)],
      [0, iso(sec(90))],
    ]);
  });

  it("dedup: a row that the previous watermark lets in and this batch's evicts is emitted once, and not kept", async () => {
    const input = new MemoryStream<{ id: string; ts: number }>();
    input.addData({ id: 'a', ts: sec(100) }, { id: 'b', ts: sec(200) }, { id: 'c', ts: sec(150) }, { id: 'c', ts: sec(150) });
    const { q, rows } = run(input.toStream().withWatermark('ts', '10 seconds').dropDuplicates('id', 'ts'), 'append', { maxRowsPerTrigger: 2 });
    await q.processAllAvailable();
    await q.stop();
    // batch 1 runs with watermark 190 s and judges late rows by batch 0's, 0 s
    expect(rows().map((r) => r.id)).toEqual(['a', 'b', 'c']);
    const second = q.recentProgress[1]!.stateOperators[0]!;
    expect([second.numRowsUpdated, second.numRowsRemoved, second.customMetrics?.numDroppedDuplicateRows]).toEqual([1, 2, 1]);
    expect(q.lastProgress?.stateOperators[0]?.numRowsTotal).toBe(1); // b only
  });

  it("chains stateful operators in append mode; outside it, an aggregation below another stateful operator is refused in Spark's words", async () => {
    const input = new MemoryStream<Ev & { v: number }>();
    const counts = input.toStream().withWatermark('ts', '5 seconds').groupBy(window('ts', '10 seconds'), 'k').agg({ n: count() });
    const twice = counts.groupBy(window('window', '20 seconds'), 'k').agg({ windows: count() });
    const { q, rows } = run(twice, 'append');
    input.addData({ k: 'a', ts: sec(1), v: 1 }, { k: 'a', ts: sec(12), v: 1 });
    await q.processAllAvailable();
    input.addData({ k: 'a', ts: sec(60), v: 1 }); // closes [0, 10), [10, 20), then [0, 20) of the second aggregation
    await q.processAllAvailable();
    await q.stop();
    expect(rows()).toEqual([{ window: { start: 0, end: sec(20) }, k: 'a', windows: 2 }]);
    expect(() => twice.writeStream.outputMode('update').format('memory').queryName('x').start()).toThrow(/correctness' issue due to global watermark/);
    // dedup passes rows on as they come: an aggregation after it runs in update mode
    const deduped = input.toStream().withWatermark('ts', '5 seconds').dropDuplicatesWithinWatermark('k').groupBy('k').agg({ n: count() });
    const ok = run(deduped, 'update');
    await ok.q.processAllAvailable();
    await ok.q.stop();
    expect(ok.q.exception).toBeUndefined();
  });

  it('a global aggregate has its row in every data batch (zero-row ones too), and a sum over no values is null', async () => {
    const input = new MemoryStream<{ v: number | null }>();
    const { q, batches } = run(
      input
        .toStream()
        .groupBy()
        .agg({ n: count(), total: sum('v') }),
      'update',
    );
    input.addData([]);
    await q.processAllAvailable();
    input.addData({ v: null });
    await q.processAllAvailable();
    input.addData({ v: 2 }, { v: 3 });
    await q.processAllAvailable();
    input.addData([]);
    await q.processAllAvailable();
    await q.stop();
    expect(batches.map((b) => b.rows)).toEqual([[{ n: 0, total: null }], [{ n: 1, total: null }], [{ n: 3, total: 5 }], [{ n: 3, total: 5 }]]);
  });

  it('a query without a watermark reports no eventTime.watermark', async () => {
    const input = new MemoryStream<Ev>();
    const { q } = run(input.toStream().select('k'), 'append');
    input.addData({ k: 'a', ts: 1 });
    await q.processAllAvailable();
    await q.stop();
    expect(q.lastProgress?.eventTime).toEqual({});
  });

  it('addData([]) runs a batch with zero rows; in complete mode it emits the whole table again', async () => {
    const input = new MemoryStream<Ev>();
    const { q, batches } = run(input.toStream().groupBy('k').agg({ n: count() }), 'complete');
    input.addData({ k: 'a', ts: 1 }, { k: 'b', ts: 2 });
    await q.processAllAvailable();
    input.addData([]);
    await q.processAllAvailable();
    await q.stop();
    expect(q.recentProgress.map((p) => p.numInputRows)).toEqual([2, 0]);
    expect(batches.map((b) => b.rows.length)).toEqual([2, 2]);
    expect(batches[1]!.rows).toEqual(
      expect.arrayContaining([
        { k: 'a', n: 1 },
        { k: 'b', n: 1 },
      ]),
    );
  });
});
