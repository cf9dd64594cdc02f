/** Spark's output-mode matrix, checked at start(), with errors that name the rule and the fix. */
import { describe, expect, it } from 'vitest';
import { count, MemoryStream, StreamlabError, window } from '../index.js';
import { addData, checkAnswer, expectFailure, testStream } from '../testing/index.js';

type Ev = { ts: number; word: string };

function startError(fn: () => unknown): StreamlabError {
  try {
    fn();
  } catch (e) {
    return e as StreamlabError;
  }
  throw new Error('expected start() to throw');
}

describe('output-mode validation at start()', () => {
  const input = new MemoryStream<Ev>();
  const s = input.toStream();
  const windowed = s.withWatermark('ts', '10 minutes').groupBy(window('ts', '5 minutes'), 'word').count();
  const noWatermark = s.groupBy(window('ts', '5 minutes'), 'word').count();
  const watermarkNotOnKey = s.withWatermark('ts', '10 minutes').groupBy('word').count();

  it.each([
    ['aggregation with a watermark on its event-time key', windowed, ['append', 'update', 'complete']],
    ['aggregation without a watermark', noWatermark, ['update', 'complete']],
    ['no aggregation', s.filter((e) => e.word !== ''), ['append', 'update']],
  ] as const)('%s allows %j', async (_name, stream, modes) => {
    for (const mode of modes) {
      const q = stream.writeStream.outputMode(mode).format('memory').queryName(`ok-${mode}`).start();
      await q.stop();
      expect(q.exception).toBeUndefined();
    }
  });

  it('append without a watermark names the rule and the fix', () => {
    const e = startError(() => noWatermark.writeStream.outputMode('append').format('console').start());
    expect(e).toBeInstanceOf(StreamlabError);
    expect(e.code).toBe('APPEND_NEEDS_WATERMARK');
    expect(e.message).toContain("append output mode needs a watermark on the aggregation's event-time key");
    expect(e.hint).toContain("withWatermark('ts'");
  });

  it('append with a watermark on a column that is not a grouping key is rejected', () => {
    expect(startError(() => watermarkNotOnKey.writeStream.outputMode('append').format('console').start()).code).toBe('APPEND_NEEDS_WATERMARK');
  });

  it('complete without an aggregation is rejected', () => {
    const e = startError(() => s.writeStream.outputMode('complete').format('console').start());
    expect(e.code).toBe('COMPLETE_NEEDS_AGGREGATION');
    expect(e.hint).toContain("outputMode('append')");
  });

  it('an aggregation over an aggregation is rejected', () => {
    const chained = windowed.groupBy('word').count();
    expect(startError(() => chained.writeStream.outputMode('update').format('console').start()).code).toBe('CHAINED_AGGREGATION');
  });

  it('the memory sink needs a query name; unknown formats and options are rejected', () => {
    expect(startError(() => s.writeStream.format('memory').start()).code).toBe('MEMORY_SINK_NEEDS_NAME');
    expect(startError(() => s.writeStream.format('parquet').start()).code).toBe('UNKNOWN_FORMAT');
    expect(startError(() => s.writeStream.start()).code).toBe('NO_SINK');
    expect(startError(() => s.writeStream.format('console').option('numRows', -1).start()).code).toBe('BAD_OPTION');
    expect(
      startError(() =>
        s.writeStream
          .format('console')
          .trigger({ every: 1 } as never)
          .start(),
      ).code,
    ).toBe('BAD_TRIGGER');
  });

  it('testStream reports the start failure through expectFailure', async () => {
    await testStream(noWatermark, 'append')(expectFailure({ code: 'APPEND_NEEDS_WATERMARK', message: 'append output mode' }));
  });

  it('a watermarked key column (not a window) allows append', async () => {
    const events = new MemoryStream<Ev>();
    const byTime = events.toStream().withWatermark('ts', 10).groupBy('ts').agg({ n: count() });
    await testStream(byTime, 'append')(
      addData(events, { ts: 5, word: 'a' }, { ts: 5, word: 'b' }, { ts: 30, word: 'c' }),
      checkAnswer({ ts: 5, n: 2 }), // watermark 20 closes the key 5
    );
  });
});
