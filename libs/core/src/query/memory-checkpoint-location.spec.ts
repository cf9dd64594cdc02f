/**
 * `checkpointLocation: 'memory:<name>'` is a per-batch checkpoint in the session's memory: Spark's
 * layout, written around every batch, recovered like a directory. A query that failed or was
 * abandoned mid-batch resumes from its last committed batch and replays the uncommitted one with
 * its recorded offsets; nothing depends on a clean `stop()`.
 */
import { describe, expect, it } from 'vitest';
import { errorOf } from '../error-of.js';
import { count, MemoryStream, StreamingSession, window, type BatchInfo, type Sink } from '../index.js';
import { addData, assertOnQuery, checkNewAnswer, expectFailure, startStream, testStream } from '../testing/index.js';
import { ManualClock } from '../testing/manual-clock.js';

type Ev = { ts: number; k: string };
type Row = { window: { start: number; end: number }; k: string; n: number };
const w0 = { start: 0, end: 10 };

/** Records every batch it is handed; `fail` / `hang` make the first attempt of one batch id throw / never finish. */
class ScriptedSink implements Sink<Row> {
  readonly description = 'scripted';
  readonly batches: { id: number; rows: Row[] }[] = [];
  fail: number | undefined;
  hang: number | undefined;
  /** Resolves when the hanging batch has been handed over. */
  readonly hanging: Promise<void>;
  private entered!: () => void;

  constructor() {
    this.hanging = new Promise((resolve) => (this.entered = resolve));
  }

  addBatch(rows: readonly Row[], info: BatchInfo): Promise<void> | void {
    this.batches.push({ id: info.batchId, rows: [...rows] });
    if (info.batchId === this.fail) {
      this.fail = undefined;
      throw new Error(`sink down at batch ${info.batchId}`);
    }
    if (info.batchId === this.hang) {
      this.hang = undefined;
      this.entered();
      return new Promise<void>(() => {}); // a process that froze (or was killed) mid-batch
    }
  }
}

function counts(input: MemoryStream<Ev>, sink: ScriptedSink, session: StreamingSession, location = 'memory:counts') {
  return input
    .toStream()
    .withWatermark('ts', 10)
    .groupBy(window('ts', 10), 'k')
    .agg({ n: count() })
    .writeStream.outputMode('update')
    .option('checkpointLocation', location)
    .sink(sink)
    .session(session);
}

const names = (fm: StreamingSession['memoryCheckpoints'], dir: string) => fm.list(dir).sort();

describe("checkpointLocation 'memory:<name>'", () => {
  it('writes Spark’s layout per batch in the session’s memory while the query runs (offsets, commits, one state delta per version)', async () => {
    const session = new StreamingSession({ clock: new ManualClock(0) });
    const input = new MemoryStream<Ev>({ name: 'layout' });
    const q = counts(input, new ScriptedSink(), session).start();
    input.addData({ ts: 1, k: 'a' });
    await q.processAllAvailable();
    input.addData({ ts: 2, k: 'b' });
    await q.processAllAvailable();
    // Still running: nothing waits for stop() to be written.
    const fm = session.memoryCheckpoints;
    expect(names(fm, 'memory:counts')).toEqual(['commits', 'metadata', 'offsets', 'state']);
    expect(names(fm, 'memory:counts/offsets')).toEqual(['0', '1']);
    expect(names(fm, 'memory:counts/commits')).toEqual(['0', '1']);
    expect(names(fm, 'memory:counts/state/0')).toEqual(['1.delta', '2.delta']);
    // Each version holds only the groups its batch changed.
    expect(fm.open('memory:counts/state/0/2.delta')).toContain('"b"');
    expect(fm.open('memory:counts/state/0/2.delta')).not.toContain('"a"');
    expect(fm.open('memory:counts/metadata')).toContain(q.id);
    await q.stop();
  });

  it('after a sink failure mid-batch, a restart replays the uncommitted batch with its recorded offsets, on the state of the last commit', async () => {
    const session = new StreamingSession({ clock: new ManualClock(0) });
    const input = new MemoryStream<Ev>({ name: 'failing' });
    const sink = new ScriptedSink();
    const q1 = counts(input, sink, session).start();
    input.addData({ ts: 1, k: 'a' }, { ts: 2, k: 'a' });
    await q1.processAllAvailable();
    input.addData({ ts: 3, k: 'a' });
    await q1.processAllAvailable();
    sink.fail = 2;
    input.addData({ ts: 4, k: 'a' });
    await expect(q1.processAllAvailable()).rejects.toThrow(/sink down at batch 2/);
    expect(q1.exception?.code).toBe('QUERY_FAILED');
    // Batch 2 was planned (offsets/2) but never committed. Its operator state was written while
    // the sink wrote (as a Spark task commits its state store in the job that writes the sink), as
    // version 3, which no commit names: the restart must not read it.
    const fm = session.memoryCheckpoints;
    expect(names(fm, 'memory:counts/offsets')).toEqual(['0', '1', '2']);
    expect(names(fm, 'memory:counts/commits')).toEqual(['0', '1']);
    expect(names(fm, 'memory:counts/state/0')).toContain('3.delta');

    input.addData({ ts: 5, k: 'b' }); // arrives while the query is down: not part of the replayed batch
    const q2 = counts(input, sink, session).start();
    await q2.processAllAvailable();
    await q2.stop();
    expect(q2.id).toBe(q1.id);
    expect(sink.batches.map((b) => b.id)).toEqual([0, 1, 2, 2, 3]);
    // The replay reads exactly ts 4 and counts on the committed state (a: 3), not on the failed attempt's (a: 4 already).
    expect(sink.batches[3]).toEqual({ id: 2, rows: [{ window: w0, k: 'a', n: 4 }] });
    expect(sink.batches[4]).toEqual({ id: 3, rows: [{ window: w0, k: 'b', n: 1 }] });
    expect(q2.recentProgress.map((p) => [p.batchId, p.numInputRows])).toEqual([
      [2, 1],
      [3, 1],
    ]);
  });

  it('a query abandoned mid-batch (never stopped) is resumed by the next start in the session, replaying that batch', async () => {
    const session = new StreamingSession({ clock: new ManualClock(0) });
    const input = new MemoryStream<Ev>({ name: 'abandoned' });
    const sink = new ScriptedSink();
    const q1 = counts(input, sink, session).start();
    input.addData({ ts: 1, k: 'a' });
    await q1.processAllAvailable();
    sink.hang = 1;
    input.addData({ ts: 2, k: 'a' }, { ts: 3, k: 'c' });
    void q1.processAllAvailable(); // never resolves: q1 is stuck in batch 1
    await sink.hanging;

    const q2 = counts(input, sink, session).start();
    await q2.processAllAvailable();
    await q2.stop();
    expect(q2.id).toBe(q1.id);
    expect(sink.batches.map((b) => b.id)).toEqual([0, 1, 1]);
    expect(sink.batches[2]!.rows).toEqual([
      { window: w0, k: 'a', n: 2 },
      { window: w0, k: 'c', n: 1 },
    ]);
    expect(names(session.memoryCheckpoints, 'memory:counts/commits')).toEqual(['0', '1']);
  });

  it('belongs to one query: another query shape on the same location is refused at start', async () => {
    const session = new StreamingSession({ clock: new ManualClock(0) });
    const input = new MemoryStream<Ev>({ name: 'shape' });
    const q = counts(input, new ScriptedSink(), session).start();
    await q.stop();
    const other = input.toStream().writeStream.option('checkpointLocation', 'memory:counts').format('memory').queryName('other').session(session);
    const err = errorOf(() => other.start());
    expect(err.code).toBe('CHECKPOINT_QUERY_MISMATCH');
    expect(err.message).toContain('memory:counts');
  });

  it('is per session: the same name in another session starts afresh', async () => {
    const input = new MemoryStream<Ev>({ name: 'sessions' });
    const sink = new ScriptedSink();
    const q1 = counts(input, sink, new StreamingSession({ clock: new ManualClock(0) })).start();
    input.addData({ ts: 1, k: 'a' });
    await q1.processAllAvailable();
    await q1.stop();
    const q2 = counts(input, sink, new StreamingSession({ clock: new ManualClock(0) })).start();
    await q2.processAllAvailable();
    await q2.stop();
    expect(q2.id).not.toBe(q1.id);
    // The new query starts at batch 0 and reads the stream from its start.
    expect(sink.batches.map((b) => [b.id, b.rows])).toEqual([
      [0, [{ window: w0, k: 'a', n: 1 }]],
      [0, [{ window: w0, k: 'a', n: 1 }]],
    ]);
  });
});

describe('testStream on its memory: checkpoint', () => {
  it('startStream after a failed batch replays that batch once, on the state of the last commit', async () => {
    const input = new MemoryStream<{ word: string }>();
    let armed = true; // the first attempt at a 'boom' row fails, as a transient fault would
    const query = input
      .toStream()
      .map((r) => {
        if (r.word === 'boom' && armed) {
          armed = false;
          throw new Error('transient fault');
        }
        return r;
      })
      .groupBy('word')
      .count();
    await testStream(query, 'update')(
      addData(input, { word: 'a' }, { word: 'a' }),
      checkNewAnswer({ word: 'a', count: 2 }),
      addData(input, { word: 'boom' }, { word: 'a' }),
      expectFailure({ message: 'transient fault' }),
      startStream(),
      checkNewAnswer({ word: 'boom', count: 1 }, { word: 'a', count: 3 }),
      assertOnQuery((q) => q.recentProgress.map((p) => p.batchId).join() === '1', 'the restarted query ran batch 1 (the replay) only'),
    );
  });
});
