/** Stateless operators, immutability of the builder, event-time parsing and error/late outputs. */
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { count, MemoryStream, type Logger, StreamingSession, window, type BatchInfo, type InvalidRecord, type LateRecord, type Sink } from '../index.js';
import { addData, assertOnQuery, checkAnswer, checkNewAnswer, ManualClock, testStream } from '../testing/index.js';

type Tx = { ts: number | string | Date | undefined; card: string; amount: number };

class CollectSink<T> implements Sink<T> {
  readonly description = 'collect';
  readonly rows: T[] = [];
  addBatch(rows: readonly T[], _info: BatchInfo): void {
    this.rows.push(...rows);
  }
}

describe('Stream<T> stateless operators', () => {
  it('filter, map, flatMap, select and withColumn transform each batch', async () => {
    const input = new MemoryStream<{ line: string; ts: number }>();
    const words = input
      .toStream()
      .flatMap((l) => l.line.split(' ').map((word) => ({ ts: l.ts, word, extra: 1 })))
      .filter((w) => w.word.length > 2)
      .withColumn('upper', (w) => w.word.toUpperCase())
      .select('word', 'upper')
      .map((w) => ({ ...w, len: w.word.length }));
    await testStream(words, 'append')(
      addData(input, { line: 'the owl and a cat', ts: 1 }),
      checkNewAnswer(
        { word: 'the', upper: 'THE', len: 3 },
        { word: 'owl', upper: 'OWL', len: 3 },
        { word: 'and', upper: 'AND', len: 3 },
        { word: 'cat', upper: 'CAT', len: 3 },
      ),
      addData(input, { line: 'no', ts: 2 }),
      checkNewAnswer(),
    );
  });

  it('builders are immutable: deriving a stream leaves the original plan unchanged', () => {
    const s = new MemoryStream<{ a: number }>().toStream();
    const plan = s.plan;
    const f = s.filter((r) => r.a > 1);
    expect(s.plan).toBe(plan);
    expect(f.plan).not.toBe(plan);
    expect(f.plan.children[0]).toBe(plan);
    expect(f.explain()).toMatch(/^filter\n {2}Source \[MemoryStream/);
  });

  it('union reads both inputs; a self-union sees the same rows twice', async () => {
    const a = new MemoryStream<{ k: string }>();
    const b = new MemoryStream<{ k: string }>();
    await testStream(a.toStream().union(b.toStream(), a.toStream()), 'append')(
      addData(a, { k: 'a1' }),
      addData(b, { k: 'b1' }),
      checkAnswer({ k: 'a1' }, { k: 'a1' }, { k: 'b1' }),
    );
  });

  it('a user function that throws fails the query with QUERY_FAILED and the cause', async () => {
    const input = new MemoryStream<{ n: number }>();
    const session = new StreamingSession({ clock: new ManualClock(), logger: pino({ level: 'silent' }) as unknown as Logger });
    const q = input
      .toStream()
      .map((r) => {
        if (r.n < 0) throw new Error('negative');
        return r;
      })
      .writeStream.format('memory')
      .queryName('throws')
      .session(session)
      .start();
    input.addData({ n: -1 });
    await expect(q.processAllAvailable()).rejects.toThrow(/negative/);
    expect(q.isActive).toBe(false);
    expect(q.exception?.code).toBe('QUERY_FAILED');
    await expect(q.awaitTermination()).rejects.toThrow(/negative/);
  });
});

describe('event time', () => {
  it('accepts epoch ms, Date and ISO strings; routes missing/unparsable ones to the error output', async () => {
    const input = new MemoryStream<Tx>();
    const errors = new CollectSink<InvalidRecord>();
    const counts = input.toStream().withWatermark('ts', '1 minute').groupBy(window('ts', '1 minute')).agg({ n: count() });
    await testStream(counts.writeStream.errors(errors), 'update')(
      addData(
        input,
        { ts: Date.parse('2024-01-01T00:00:10Z'), card: 'a', amount: 1 },
        { ts: new Date('2024-01-01T00:00:20Z'), card: 'b', amount: 1 },
        { ts: '2024-01-01T00:00:30Z', card: 'c', amount: 1 },
        { ts: 'not a time', card: 'd', amount: 1 },
        { ts: undefined, card: 'e', amount: 1 },
      ),
      checkNewAnswer({ window: { start: Date.parse('2024-01-01T00:00:00Z'), end: Date.parse('2024-01-01T00:01:00Z') }, n: 3 }),
      assertOnQuery((q) => q.recentProgress.find((p) => p.numInputRows > 0)?.numInvalidRows === 2, 'two invalid rows counted'),
      assertOnQuery(() => {
        expect(errors.rows.map((r) => (r.row as Tx).card)).toEqual(['d', 'e']);
        expect(errors.rows[0]!.reason).toContain('not epoch ms, a Date or an ISO-8601 string');
        expect(errors.rows[1]!.reason).toContain('is missing');
      }, 'routed with reasons'),
      assertOnQuery((q) => {
        const p = q.recentProgress.find((x) => x.numInputRows > 0);
        expect(p?.eventTime).toEqual({
          min: '2024-01-01T00:00:10.000Z',
          max: '2024-01-01T00:00:30.000Z',
          avg: '2024-01-01T00:00:20.000Z',
          watermark: '1970-01-01T00:00:00.000Z',
        });
      }, 'event time stats'),
    );
  });

  it('late rows go to the { late } side output with the watermark and how late they were', async () => {
    const input = new MemoryStream<{ ts: number }>();
    const late = new CollectSink<LateRecord<{ ts: number }>>();
    const counts = input
      .toStream()
      .withWatermark('ts', 10_000, { late })
      .groupBy(window('ts', 10_000, 5_000))
      .agg({ n: count() });
    await testStream(counts, 'update')(
      addData(input, { ts: 30_000 }), // watermark -> 20s
      checkNewAnswer({ window: { start: 25_000, end: 35_000 }, n: 1 }, { window: { start: 30_000, end: 40_000 }, n: 1 }),
      addData(input, { ts: 12_000 }), // misses [5, 15) and [10, 20)
      checkNewAnswer(),
      assertOnQuery((q) => q.lastProgress?.stateOperators[0]?.numLateRowsRouted === 2, 'two late contributions routed'),
      assertOnQuery(() => {
        expect(late.rows).toEqual([
          { row: { ts: 12_000 }, eventTimeMs: 12_000, watermarkMs: 20_000, lateByMs: 5_000, operator: 'stateStoreSave', window: { start: 5_000, end: 15_000 } },
          { row: { ts: 12_000 }, eventTimeMs: 12_000, watermarkMs: 20_000, lateByMs: 0, operator: 'stateStoreSave', window: { start: 10_000, end: 20_000 } },
        ]);
      }, 'late records'),
    );
  });

  it.each([
    ['min', 4_000],
    ['max', 9_000],
  ] as const)('union: each input keeps its watermark; multipleWatermarkPolicy %s gives %i', async (policy, expected) => {
    const fast = new MemoryStream<{ ts: number }>();
    const slow = new MemoryStream<{ ts: number }>();
    const merged = fast.toStream().withWatermark('ts', 1000).union(slow.toStream().withWatermark('ts', 1000));
    await testStream(merged.writeStream.option('multipleWatermarkPolicy', policy), 'append')(
      addData(fast, { ts: 10_000 }),
      addData(slow, { ts: 5_000 }),
      checkNewAnswer({ ts: 10_000 }, { ts: 5_000 }),
      addData(fast, { ts: 20_000 }),
      checkNewAnswer({ ts: 20_000 }),
      assertOnQuery((q) => q.lastProgress?.eventTime.watermark === new Date(expected).toISOString(), `watermark ${expected}`),
    );
  });
});

describe('rows that are not objects', () => {
  it('are routed to the error output and counted, not a crash', async () => {
    const input = new MemoryStream<{ ts: number } | null>();
    const errors = new CollectSink<InvalidRecord>();
    const counts = input
      .toStream()
      .withWatermark('ts' as never, 1000)
      .groupBy(window('ts' as never, 1000))
      .agg({ n: count() });
    await testStream(counts.writeStream.errors(errors), 'update')(
      addData(input, { ts: 10 }, null),
      checkNewAnswer({ window: { start: 0, end: 1000 }, n: 1 }),
      assertOnQuery((q) => q.isActive && errors.rows.length === 1 && errors.rows[0]!.reason === 'row is not an object: null', 'routed'),
    );
  });
});
