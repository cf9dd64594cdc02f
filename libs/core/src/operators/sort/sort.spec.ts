import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { count, MemoryStream, StreamingSession, window, type Logger, type Stream } from '../../index.js';
import { expectFailure, ManualClock, testStream } from '../../testing/index.js';

/** Runs `stream` in complete mode; `step(add)` adds data, then returns the last batch's rows in order. */
function complete<T>(stream: Stream<T>) {
  let last: T[] = [];
  const q = stream.writeStream
    .outputMode('complete')
    .foreachBatch((rows) => void (last = [...rows]))
    .session(new StreamingSession({ clock: new ManualClock(0), logger: pino({ level: 'silent' }) as unknown as Logger }))
    .start();
  return {
    q,
    async after(add: () => void): Promise<T[]> {
      add();
      await q.processAllAvailable();
      return last;
    },
  };
}

describe('orderBy (Spark: sort only an aggregated stream in complete mode)', () => {
  it('sorts the whole result table of every batch', async () => {
    const words = new MemoryStream<{ word: string }>();
    const run = complete(words.toStream().groupBy('word').agg({ n: count() }).orderBy({ column: 'n', desc: true }, 'word'));
    expect(await run.after(() => words.addData({ word: 'owl' }, { word: 'cat' }, { word: 'dog' }, { word: 'cat' }))).toEqual([
      { word: 'cat', n: 2 },
      { word: 'dog', n: 1 },
      { word: 'owl', n: 1 },
    ]);
    expect(await run.after(() => words.addData({ word: 'owl' }, { word: 'owl' }))).toEqual([
      { word: 'owl', n: 3 },
      { word: 'cat', n: 2 },
      { word: 'dog', n: 1 },
    ]);
    await run.q.stop();
  });

  it('orders windows by start, nulls first ascending and last descending', async () => {
    const input = new MemoryStream<{ ts: number; k: string | null }>();
    const run = complete(input.toStream().groupBy(window('ts', 10), 'k').agg({ n: count() }).orderBy({ column: 'window', desc: true }, 'k'));
    expect(await run.after(() => input.addData({ ts: 1, k: 'b' }, { ts: 25, k: 'a' }, { ts: 2, k: null }, { ts: 3, k: 'a' }))).toEqual([
      { window: { start: 20, end: 30 }, k: 'a', n: 1 },
      { window: { start: 0, end: 10 }, k: null, n: 1 },
      { window: { start: 0, end: 10 }, k: 'a', n: 1 },
      { window: { start: 0, end: 10 }, k: 'b', n: 1 },
    ]);
    const desc = complete(input.toStream().groupBy('k').agg({ n: count() }).orderBy({ column: 'k', desc: true }));
    expect((await desc.after(() => undefined)).map((r) => r.k)).toEqual(['b', 'a', null]);
    await run.q.stop();
    await desc.q.stop();
  });

  it("is refused elsewhere, with the rule in Spark's words", async () => {
    const words = new MemoryStream<{ word: string; ts: number }>();
    await testStream(
      words.toStream().orderBy('word'),
      'append',
    )(expectFailure({ code: 'SORT_NEEDS_COMPLETE_AGGREGATION', message: /unless it is on an aggregated DataFrame\/Dataset in complete output mode/ }));
    await testStream(words.toStream().groupBy('word').agg({ n: count() }).orderBy('n'), 'update')(expectFailure({ code: 'SORT_NEEDS_COMPLETE_AGGREGATION' }));
  });
});
