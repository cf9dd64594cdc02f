import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { ConsoleSink, count, formatBatch, MemoryStream, StreamingSession, window, type BatchInfo, type Logger } from '../index.js';
import { ManualClock } from '../testing/index.js';

const silent = pino({ level: 'silent' }) as unknown as Logger;

describe('console sink (Spark format)', () => {
  it('prints the Batch banner and a right-aligned table with timestamps for windows', () => {
    const text = formatBatch(0, [
      { window: { start: Date.parse('2021-12-01T12:00:00Z'), end: Date.parse('2021-12-01T12:10:00Z') }, word: 'dog', count: 1 },
      { window: { start: Date.parse('2021-12-01T12:05:00Z'), end: Date.parse('2021-12-01T12:15:00Z') }, word: 'owl', count: 12 },
    ]);
    expect(text).toBe(
      [
        '-------------------------------------------',
        'Batch: 0',
        '-------------------------------------------',
        '+--------------------+----+-----+',
        '|              window|word|count|',
        '+--------------------+----+-----+',
        '|{2021-12-01 12:00...| dog|    1|',
        '|{2021-12-01 12:05...| owl|   12|',
        '+--------------------+----+-----+',
        '',
        '',
      ].join('\n'),
    );
  });

  it('truncate: false left-aligns full cells; numRows limits rows with a footer', () => {
    const rows = [
      { window: { start: Date.parse('2021-12-01T12:00:00Z'), end: Date.parse('2021-12-01T12:10:00Z') }, word: 'dog' },
      { window: { start: Date.parse('2021-12-01T12:05:00Z'), end: Date.parse('2021-12-01T12:15:00Z') }, word: 'cat' },
    ];
    expect(formatBatch(3, rows, { truncate: false, numRows: 1 })).toBe(
      [
        '-------------------------------------------',
        'Batch: 3',
        '-------------------------------------------',
        '+------------------------------------------+----+',
        '|window                                    |word|',
        '+------------------------------------------+----+',
        '|{2021-12-01 12:00:00, 2021-12-01 12:10:00}|dog |',
        '+------------------------------------------+----+',
        'only showing top 1 row',
        '',
        '',
      ].join('\n'),
    );
  });

  it('an empty batch prints the banner and an empty table; null and arrays print as Spark does', () => {
    expect(formatBatch(1, [])).toBe('-------------------------------------------\nBatch: 1\n-------------------------------------------\n++\n||\n++\n++\n\n');
    expect(formatBatch(2, [{ a: null, b: [1, 2] }])).toContain('|null|[1, 2]|');
  });

  it('writes through an injected writer', async () => {
    const out: string[] = [];
    const sink = new ConsoleSink({}, (t) => out.push(t));
    await sink.addBatch([{ a: 1 }], { batchId: 7 } as BatchInfo);
    expect(out[0]).toContain('Batch: 7');
  });
});

describe('memory and foreachBatch sinks', () => {
  it('memory sink: queryable by name; complete mode keeps the last batch only', async () => {
    const session = new StreamingSession({ clock: new ManualClock(), logger: silent });
    const input = new MemoryStream<{ ts: number; k: string }>();
    const q = input.toStream().groupBy('k').count().writeStream.outputMode('complete').format('memory').queryName('counts').session(session).start();
    input.addData({ ts: 1, k: 'a' });
    await q.processAllAvailable();
    input.addData({ ts: 2, k: 'a' }, { ts: 3, k: 'b' });
    await q.processAllAvailable();
    expect(session.table('counts')).toEqual([
      { k: 'a', count: 2 },
      { k: 'b', count: 1 },
    ]);
    expect(session.memorySink('counts')?.batches.map((b) => b.batchId)).toEqual([0, 1]);
    await q.stop();
  });

  it('foreachBatch gets each batch with its id and info (async functions are awaited)', async () => {
    const session = new StreamingSession({ clock: new ManualClock(), logger: silent });
    const input = new MemoryStream<{ ts: number; k: string }>();
    const seen: { id: number; n: number; keys: readonly string[]; mode: string }[] = [];
    const q = input
      .toStream()
      .withWatermark('ts', 10)
      .groupBy(window('ts', 5), 'k')
      .agg({ n: count() })
      .writeStream.outputMode('update')
      .foreachBatch(async (rows, id, info) => {
        await Promise.resolve();
        seen.push({ id, n: rows.length, keys: info.keyFields, mode: info.outputMode });
      })
      .session(session)
      .start();
    input.addData({ ts: 1, k: 'a' }, { ts: 2, k: 'b' });
    await q.processAllAvailable();
    await q.stop();
    expect(seen[0]).toEqual({ id: 0, n: 2, keys: ['window', 'k'], mode: 'update' });
  });
});

describe('console sink columns', () => {
  it('an empty batch of a known schema prints its header, as Spark does', async () => {
    const out: string[] = [];
    const session = new StreamingSession({ clock: new ManualClock(), logger: silent });
    const input = new MemoryStream<{ ts: number; word: string }>();
    const q = input
      .toStream()
      .withWatermark('ts', 10)
      .groupBy(window('ts', 5), 'word')
      .agg({ count: count() })
      .writeStream.outputMode('append')
      .sink(new ConsoleSink({}, (t) => out.push(t)))
      .session(session)
      .start();
    input.addData({ ts: 1, word: 'dog' });
    await q.processAllAvailable();
    await q.stop();
    expect(out[0]).toBe(
      '-------------------------------------------\nBatch: 0\n-------------------------------------------\n+------+----+-----+\n|window|word|count|\n+------+----+-----+\n+------+----+-----+\n\n',
    );
  });
});

describe("format('console') options", () => {
  it('numRows and truncate pass from writer options to the console sink', async () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const session = new StreamingSession({ clock: new ManualClock(), logger: silent });
      const input = new MemoryStream<{ word: string }>();
      const q = input.toStream().writeStream.format('console').option('numRows', '1').option('truncate', 'false').session(session).start();
      input.addData({ word: 'a-very-long-word-longer-than-twenty' }, { word: 'b' });
      await q.processAllAvailable();
      await q.stop();
    } finally {
      spy.mockRestore();
    }
    const text = written.join('');
    expect(text).toContain('|a-very-long-word-longer-than-twenty|');
    expect(text).toContain('only showing top 1 row');
  });
});
