/** StreamingQuery identity, progress, listeners, stop/restart, and triggers on a manual clock. */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { count, MemoryStream, StreamingSession, StreamlabError, sum, window, type Logger, type StreamingQueryProgress } from '../index.js';
import { addData, advanceClock, assertOnQuery, checkAnswer, checkNewAnswer, ManualClock, startStream, stopStream, testStream } from '../testing/index.js';

type Ev = { ts: number; key: string; v: number };
const silent = pino({ level: 'silent' }) as unknown as Logger;

function setup(trigger?: Parameters<ReturnType<typeof build>['trigger']>[0]) {
  const clock = new ManualClock(1_000_000);
  const session = new StreamingSession({ clock, logger: silent });
  const input = new MemoryStream<Ev>();
  let w = build(input).session(session).format('memory').queryName('q').outputMode('update');
  if (trigger) w = w.trigger(trigger);
  return { clock, session, input, writer: w };
}

function build(input: MemoryStream<Ev>) {
  return input
    .toStream()
    .withWatermark('ts', 10_000)
    .groupBy(window('ts', 5_000), 'key')
    .agg({ n: count(), total: sum('v') }).writeStream;
}

describe('StreamingQuery', () => {
  it('has an id, a runId, a name, status and Spark-shaped progress', async () => {
    const { session, input, writer } = setup();
    const started: string[] = [];
    const terminated: (string | null)[] = [];
    const sessionProgress: StreamingQueryProgress[] = [];
    session.streams.addListener({
      onQueryStarted: (e) => started.push(e.name ?? ''),
      onQueryProgress: (p) => sessionProgress.push(p),
      onQueryTerminated: (e) => terminated.push(e.exception),
    });
    const q = writer.start();
    const mine: number[] = [];
    q.on('progress', (p) => mine.push(p.batchId));
    expect(q.name).toBe('q');
    expect(q.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(q.runId).not.toBe(q.id);
    expect(q.lastProgress).toBeNull();
    expect(started).toEqual(['q']);

    input.addData({ ts: 1_000, key: 'a', v: 2 }, { ts: 2_000, key: 'a', v: 3 }, { ts: 7_000, key: 'b', v: 1 });
    await q.processAllAvailable();
    const p = q.recentProgress[0]!;
    expect(p).toMatchObject({
      id: q.id,
      runId: q.runId,
      name: 'q',
      batchId: 0,
      timestamp: new Date(1_000_000).toISOString(),
      numInputRows: 3,
      eventTime: { min: '1970-01-01T00:00:01.000Z', max: '1970-01-01T00:00:07.000Z', avg: '1970-01-01T00:00:03.333Z', watermark: '1970-01-01T00:00:00.000Z' },
      sources: [{ description: input.description, startOffset: null, endOffset: 3, latestOffset: 3, numInputRows: 3 }],
      sink: { description: 'MemorySink[q]', numOutputRows: 2 },
      stateOperators: [{ operatorName: 'stateStoreSave', numRowsTotal: 2, numRowsUpdated: 2, numRowsRemoved: 0, numRowsDroppedByWatermark: 0 }],
    });
    expect(Object.keys(p.durationMs).sort()).toEqual(['addBatch', 'commitOffsets', 'getBatch', 'latestOffset', 'triggerExecution', 'walCommit']);
    expect(session.table('q')).toEqual([
      { window: { start: 0, end: 5_000 }, key: 'a', n: 2, total: 5 },
      { window: { start: 5_000, end: 10_000 }, key: 'b', n: 1, total: 1 },
    ]);
    expect(mine).toEqual(q.recentProgress.map((x) => x.batchId));
    expect(sessionProgress.length).toBe(q.recentProgress.length);
    expect(q.status.message).toBe('Waiting for data to arrive');
    expect(q.isActive).toBe(true);
    expect(session.streams.active).toContain(q);

    await q.stop();
    await q.awaitTermination();
    expect(q.isActive).toBe(false);
    expect(q.status.message).toBe('Stopped');
    expect(terminated).toEqual([null]);
  });

  it('restarts from its checkpoint with the same id, a new runId, its state and offsets', async () => {
    const input = new MemoryStream<Ev>();
    const query = input.toStream().withWatermark('ts', 10_000).groupBy('key').agg({ n: count() });
    let firstId = '';
    let firstRun = '';
    await testStream(query, 'complete')(
      addData(input, { ts: 1, key: 'a', v: 0 }),
      checkAnswer({ key: 'a', n: 1 }),
      assertOnQuery((q) => {
        firstId = q.id;
        firstRun = q.runId;
      }),
      stopStream(),
      addData(input, { ts: 2, key: 'a', v: 0 }, { ts: 3, key: 'b', v: 0 }),
      startStream(),
      checkAnswer({ key: 'a', n: 2 }, { key: 'b', n: 1 }),
      assertOnQuery((q) => q.id === firstId && q.runId !== firstRun && q.lastProgress?.batchId === 1, 'same id, new run, next batch id'),
    );
  });
});

describe('source metrics', () => {
  it('Source.metrics(latest) appears in progress sources[].metrics', async () => {
    const input = new MemoryStream<{ k: string }>();
    const withMetrics = Object.assign(Object.create(input) as MemoryStream<{ k: string }>, {
      metrics: (latest: unknown) => ({ offsetsBehindLatest: 0, latest: String(latest) }),
    });
    const session = new StreamingSession({ clock: new ManualClock(0), logger: silent });
    const q = withMetrics.toStream().writeStream.format('memory').queryName('m').session(session).start();
    input.addData({ k: 'a' });
    await q.processAllAvailable();
    await q.stop();
    expect(q.lastProgress?.sources[0]?.metrics).toEqual({ offsetsBehindLatest: 0, latest: '1' });
  });
});

describe('triggers', () => {
  it('processingTime: batches start on interval boundaries of the clock', async () => {
    const input = new MemoryStream<{ ts: number; key: string }>();
    const counts = input.toStream().groupBy('key').count();
    const clock = new ManualClock(0);
    await testStream(counts, 'complete', { clock, trigger: { processingTime: '1 second' } })(
      addData(input, { ts: 0, key: 'a' }),
      advanceClock(0),
      checkAnswer({ key: 'a', count: 1 }), // the first trigger runs at start
      addData(input, { ts: 0, key: 'a' }),
      advanceClock(500),
      assertOnQuery((q) => q.lastProgress?.batchId === 0, 'no batch before the next boundary'),
      advanceClock(500),
      checkAnswer({ key: 'a', count: 2 }),
      assertOnQuery((q) => q.lastProgress?.timestamp === '1970-01-01T00:00:01.000Z', 'batch 1 at t=1s'),
      advanceClock(5_000),
      assertOnQuery((q) => q.lastProgress?.batchId === 1, 'no batch without new data'),
    );
  });

  it('once: one batch over everything available, then stop', async () => {
    const { input, writer, session } = setup({ once: true });
    input.addData({ ts: 1_000, key: 'a', v: 1 });
    input.addData({ ts: 60_000, key: 'a', v: 1 });
    const q = writer.start();
    await q.awaitTermination();
    expect(q.isActive).toBe(false);
    expect(q.recentProgress.map((p) => p.numInputRows)).toEqual([2]);
    expect(session.table('q')).toHaveLength(2);
  });

  it('availableNow: everything available at start in batches of maxRowsPerTrigger, a final no-data batch, then stop', async () => {
    const { input, writer, session } = setup({ availableNow: true });
    for (let i = 0; i < 5; i++) input.addData({ ts: i * 10_000, key: 'k', v: 1 });
    const q = writer.option('maxRowsPerTrigger', 2).outputMode('append').start();
    q.on('progress', (p) => {
      if (p.batchId === 0) input.addData({ ts: 100_000, key: 'late-comer', v: 1 }); // arrives during the run: not part of it
    });
    await q.awaitTermination();
    // a data batch uses the watermark the previous one moved, so no-data batches are only needed at the end
    expect(q.recentProgress.map((p) => p.numInputRows)).toEqual([2, 2, 1, 0]);
    expect(session.table('q').map((r) => (r as { window: { start: number } }).window.start)).toEqual([0, 10_000, 20_000]);
  });

  it('default: a batch as soon as data arrives; processAllAvailable waits for the no-data batch', async () => {
    const { input, writer, session } = setup();
    const q = writer.outputMode('append').start();
    input.addData({ ts: 1_000, key: 'a', v: 1 });
    await q.processAllAvailable();
    expect(session.table('q')).toEqual([]);
    input.addData({ ts: 30_000, key: 'a', v: 1 }); // watermark -> 20s closes [0, 5s)
    await q.processAllAvailable();
    expect(session.table('q')).toEqual([{ window: { start: 0, end: 5_000 }, key: 'a', n: 1, total: 1 }]);
    await q.stop();
  });
});

describe('testStream failure messages', () => {
  it('show expected and actual rows and every batch so far', async () => {
    const input = new MemoryStream<{ k: string }>();
    const run = testStream(input.toStream(), 'append')(addData(input, { k: 'x' }), checkNewAnswer({ k: 'y' }));
    await expect(run).rejects.toThrow(
      /action #2 checkNewAnswer failed\nexpected \(1 rows\):\n {4}\{"k":"y"\}\nactual \(1 rows\):\n {4}\{"k":"x"\}\nmissing: \{"k":"y"\}\nunexpected: \{"k":"x"\}\nbatches so far:\n {2}batch 0:\n {4}\{"k":"x"\}/,
    );
  });
});

describe('restart checks', () => {
  it('refuses to change multipleWatermarkPolicy on restart from the same checkpoint', async () => {
    const session = new StreamingSession({ clock: new ManualClock(0), logger: silent });
    const a = new MemoryStream<{ ts: number }>();
    const b = new MemoryStream<{ ts: number }>();
    const merged = a.toStream().withWatermark('ts', 10).union(b.toStream().withWatermark('ts', 10));
    const w = merged.writeStream.format('memory').queryName('p').option('checkpointLocation', 'memory:policy').session(session);
    const q = w.start();
    a.addData({ ts: 100 });
    await q.processAllAvailable();
    await q.stop();
    expect(() => w.option('multipleWatermarkPolicy', 'max').start()).toThrowError(/multipleWatermarkPolicy 'min'/);
    const again = w.start();
    await again.stop();
    expect(again.id).toBe(q.id);
  });
});

describe('listeners', () => {
  it('a throwing listener is logged and ignored; the query keeps running', async () => {
    const session = new StreamingSession({ clock: new ManualClock(0), logger: silent });
    session.streams.addListener({
      onQueryProgress: () => {
        throw new Error('bad listener');
      },
    });
    const input = new MemoryStream<{ k: string }>();
    const q = input.toStream().writeStream.format('memory').queryName('l').session(session).start();
    q.on('progress', () => {
      throw new Error('bad too');
    });
    input.addData({ k: 'a' });
    await q.processAllAvailable();
    input.addData({ k: 'b' });
    await q.processAllAvailable();
    expect(q.isActive).toBe(true);
    expect(q.listenerErrors).toBe(2);
    expect(session.table('l')).toHaveLength(2);
    await q.stop();
  });

  it("logs a query's failure at error level, and an expected end (StreamlabError expected: true) at info", async () => {
    const lines: { level: string; msg: string; code: unknown }[] = [];
    const record =
      (level: string) =>
      (obj: unknown, msg?: string): void =>
        void lines.push({ level, msg: msg ?? '', code: (obj as { err?: { code?: unknown } }).err?.code });
    const logger: Logger = {
      trace: record('trace'),
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
      child: () => logger,
    };
    const session = new StreamingSession({ clock: new ManualClock(0), logger });
    const run = async (error: Error) => {
      const input = new MemoryStream<{ k: string }>();
      const sink = { description: 'throws', addBatch: () => Promise.reject(error) };
      const q = input.toStream().writeStream.sink(sink).session(session).start();
      input.addData({ k: 'a' });
      await expect(q.awaitTermination()).rejects.toThrow(error.message);
    };
    await run(new StreamlabError('MOVED', 'task moved', { expected: true }));
    await run(new StreamlabError('BROKEN', 'sink broken'));
    expect(lines.filter((l) => l.code !== undefined)).toEqual([
      { level: 'info', msg: 'query stopped', code: 'MOVED' },
      { level: 'error', msg: 'query failed', code: 'BROKEN' },
    ]);
  });
});
