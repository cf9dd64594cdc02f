/**
 * A query split over workers in lockstep (`lockstep.ts`) gives what one query over all partitions
 * gives: the same rows, the same drops of late records, because every worker runs every batch and
 * takes the watermark merged over all of them.
 */
import { describe, expect, it } from 'vitest';
import { count } from '../aggregates/count.js';
import { StreamlabError } from '../errors.js';
import type { Source } from '../ports.js';
import { MemoryStream } from '../sources/memory-stream.js';
import { Stream } from '../stream/stream.js';
import { window } from '../window/window.js';
import { unpartitionedOperators } from '../plan/partitioning.js';
import { combineInputWatermarks, LockstepHub, mergeWatermarkStates } from './lockstep.js';
import { StreamingSession } from './session.js';
import type { StreamingQuery } from './streaming-query.js';

type Ev = { key: string; ts: number };

function countsOf(stream: MemoryStream<Ev>, session: StreamingSession, name: string): StreamingQuery {
  return stream
    .toStream()
    .withWatermark('ts', '10 seconds')
    .groupBy(window('ts', '10 seconds'), 'key')
    .agg({ n: count() })
    .writeStream.outputMode('append')
    .format('memory')
    .queryName(name)
    .option('checkpointLocation', `memory:${name}`)
    .session(session)
    .start();
}

/** The input, batch by batch; each row goes to the worker of its key (a: 0, b: 1). */
const BATCHES: Ev[][] = [
  [
    { key: 'a', ts: 1_000 },
    { key: 'b', ts: 2_000 },
  ],
  // Moves the watermark to 90 s: key b's window [0, 10 s) closes in worker 1 too, which has no rows now.
  [{ key: 'a', ts: 100_000 }],
  // Late for the query's watermark (90 s), though worker 1 itself has seen nothing past 2 s.
  [
    { key: 'b', ts: 5_000 },
    { key: 'b', ts: 95_000 },
  ],
  [{ key: 'a', ts: 200_000 }],
];

const sorted = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort();
const dropped = (q: StreamingQuery) => q.recentProgress.reduce((n, p) => n + (p.stateOperators[0]?.numRowsDroppedByWatermark ?? 0), 0);

describe('lockstep workers', () => {
  it('merge per-input watermarks: the highest per input, then the policy', () => {
    expect(combineInputWatermarks('min', [5_000, null])).toBe(0);
    expect(combineInputWatermarks('max', [5_000, null])).toBe(5_000);
    const merged = mergeWatermarkStates([
      { policy: 'min', inputsMs: [60_000, null], watermarkMs: 0 },
      { policy: 'min', inputsMs: [10_000, 30_000], watermarkMs: 0 },
    ]);
    expect(merged).toEqual({ policy: 'min', inputsMs: [60_000, 30_000], watermarkMs: 30_000 });
    // never below a worker's own query watermark
    expect(mergeWatermarkStates([{ policy: 'min', inputsMs: [1], watermarkMs: 50 }]).watermarkMs).toBe(50);
  });

  it('the hub answers a round when every worker has reported, and wakes the ones still waiting', async () => {
    const hub = new LockstepHub(2);
    const [a, b] = [hub.participant(0), hub.participant(1)];
    let woken = 0;
    b.onWake(() => woken++);
    let answered = false;
    const first = a.decide({ hasData: true, needsNoData: false }).then((d) => {
      answered = true;
      return d;
    });
    await Promise.resolve();
    expect(answered).toBe(false);
    expect(woken).toBe(1);
    const [da, db] = await Promise.all([first, b.decide({ hasData: false, needsNoData: false })]);
    expect(da).toEqual({ run: true, stop: false });
    expect(db).toEqual({ run: true, stop: false });
    const idle = await Promise.all([a.decide({ hasData: false, needsNoData: false }), b.decide({ hasData: false, needsNoData: false })]);
    expect(idle.map((d) => d.run)).toEqual([false, false]);
    expect(() => hub.participant(2)).toThrow(StreamlabError);
    // One read limit: each worker's backlog of a source in, the sum over all out.
    expect(await Promise.all([a.sumBacklog(90), b.sumBacklog(10)])).toEqual([100, 100]);
    // A worker that leaves ends the others' rounds.
    const pending = a.decide({ hasData: true, needsNoData: false });
    const wm = b.exchangeWatermark({ policy: 'min', inputsMs: [7], watermarkMs: 7 });
    b.leave();
    expect(await pending).toEqual({ run: false, stop: true });
    expect(await wm).toEqual({ policy: 'min', inputsMs: [7], watermarkMs: 7 });
    expect(hub.rounds).toBe(2);
  });

  it('two workers give what one query over all partitions gives, late drops included', async () => {
    const single = new StreamingSession();
    const all = new MemoryStream<Ev>({ name: 'all' });
    const one = countsOf(all, single, 'single');
    for (const rows of BATCHES) {
      all.addData(rows);
      await one.processAllAvailable();
    }

    const hub = new LockstepHub(2);
    const sessions = [0, 1].map((i) => new StreamingSession({ coordinator: hub.participant(i) }));
    const parts = [0, 1].map((i) => new MemoryStream<Ev>({ name: `part-${i}`, partitionedBy: 'key' }));
    const workers = [0, 1].map((i) => countsOf(parts[i]!, sessions[i]!, `worker-${i}`));
    for (const rows of BATCHES) {
      for (const i of [0, 1]) {
        const mine = rows.filter((r) => (r.key === 'a' ? 0 : 1) === i);
        if (mine.length > 0) parts[i]!.addData(mine);
      }
      await Promise.all(workers.map((q) => q.processAllAvailable()));
    }
    const parallel = [...sessions[0]!.table('worker-0'), ...sessions[1]!.table('worker-1')];
    expect(sorted(parallel)).toEqual(sorted(single.table('single')));
    expect(single.table('single').length).toBe(4); // a and b in [0, 10 s), b in [90 s, 100 s), a in [100 s, 110 s)
    // key b's record at 5 s is late for the merged watermark, in worker 1 as in the single query
    expect(dropped(workers[1]!)).toBe(1);
    expect(dropped(one)).toBe(1);
    expect(workers[1]!.lastProgress?.eventTime.watermark).toBe(one.lastProgress?.eventTime.watermark);
    await one.stop();
    // Stopping one worker ends the other.
    await workers[0]!.stop();
    await workers[1]!.awaitTermination();
    expect(workers[1]!.isActive).toBe(false);
  });

  it('without the hub, a worker keeps its own watermark and counts the late record (what the lockstep prevents)', async () => {
    const session = new StreamingSession();
    const part = new MemoryStream<Ev>({ name: 'alone', partitionedBy: 'key' });
    const q = countsOf(part, session, 'alone');
    for (const rows of BATCHES) {
      const mine = rows.filter((r) => r.key === 'b');
      if (mine.length > 0) part.addData(mine);
      await q.processAllAvailable();
    }
    expect(dropped(q)).toBe(0);
    await q.stop();
  });

  it('refuses what cannot run split by partition, saying what to do', () => {
    const unpartitioned = new MemoryStream<Ev>({ name: 'u' });
    const hub = new LockstepHub(2);
    const session = new StreamingSession({ coordinator: hub.participant(0) });
    const start = () => countsOf(unpartitioned, session, 'u');
    expect(start).toThrow(expect.objectContaining({ code: 'PARALLEL_NOT_PARTITIONED', hint: expect.stringContaining('partitionedBy') }));

    const idle = new MemoryStream<Ev>({ name: 'i', partitionedBy: 'key' })
      .toStream()
      .withWatermark('ts', '10 seconds', { idleTimeout: '1 minute' })
      .groupBy(window('ts', '10 seconds'), 'key')
      .agg({ n: count() });
    const s2 = new StreamingSession({ coordinator: new LockstepHub(1).participant(0) });
    expect(() => idle.writeStream.format('memory').queryName('i').session(s2).start()).toThrow(expect.objectContaining({ code: 'PARALLEL_UNSUPPORTED' }));

    const s3 = new StreamingSession({ coordinator: new LockstepHub(1).participant(0) });
    const first = countsOf(new MemoryStream<Ev>({ name: 'p', partitionedBy: 'key' }), s3, 'first');
    expect(() => countsOf(new MemoryStream<Ev>({ name: 'q', partitionedBy: 'key' }), s3, 'second')).toThrow(
      expect.objectContaining({ code: 'PARALLEL_ONE_QUERY' }),
    );
    return first.stop();
  });

  it('finds keyed operators whose input is not partitioned by their key, and joins whose sides are not co-partitioned', () => {
    const src = (description: string, partitioning?: string[]): Stream<{ id: string; other: string; ts: number }> => {
      const s: Source<{ id: string; other: string; ts: number }> = {
        description,
        latestOffset: () => null,
        getBatch: () => [],
        ...(partitioning ? { partitioning } : {}),
      };
      return Stream.fromSource(s).withWatermark('ts', '1 minute');
    };
    expect(unpartitionedOperators(src('a', ['id']).groupBy('id').agg({ n: count() }).plan)).toEqual([]);
    expect(unpartitionedOperators(src('a', ['id']).groupBy('other').agg({ n: count() }).plan).map((n) => n.kind)).toEqual(['aggregate']);
    expect(unpartitionedOperators(src('a', ['id']).dropDuplicatesWithinWatermark('id').plan)).toEqual([]);
    const join = (l: string[], r: string[]) =>
      src('l', l).join(src('r', r), 'id', 'inner', { timeRange: { leftTime: 'ts', rightTime: 'ts', min: 0, max: '1 minute' } }).plan;
    expect(unpartitionedOperators(join(['id'], ['id']))).toEqual([]);
    expect(unpartitionedOperators(join(['id'], ['other'])).map((n) => n.kind)).toEqual(['streamStreamJoin']);
    expect(unpartitionedOperators(join(['id'], [])).length).toBe(1);
  });
});
