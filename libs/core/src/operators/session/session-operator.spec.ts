import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { avg } from '../../aggregates/avg.js';
import { collectList } from '../../aggregates/collect-list.js';
import { count } from '../../aggregates/count.js';
import { max } from '../../aggregates/min-max.js';
import { sum } from '../../aggregates/sum.js';
import { MemoryStream } from '../../sources/memory-stream.js';
import { runWithRestart } from '../state/support/restart-harness.js';
import { sessionWindow } from './session-window.js';

interface In {
  k: string;
  ts: number;
  v: number;
}
interface Out {
  session_window: { start: number; end: number };
  k: string;
  n: number;
  total: number;
  vs: number[];
  top: number;
  mean: number | null;
}

const GAP = 10_000;

/** Every key's rows merged into sessions (intervals that overlap or touch), independent of arrival order. */
function reference(rows: readonly In[]): Out[] {
  const out: Out[] = [];
  for (const k of [...new Set(rows.map((r) => r.k))]) {
    const mine = rows.filter((r) => r.k === k).sort((a, b) => a.ts - b.ts);
    let cur: In[] = [];
    const close = () => {
      const vs = cur.map((r) => r.v);
      const total = vs.reduce((a, b) => a + b, 0);
      out.push({
        session_window: { start: cur[0]!.ts, end: cur[cur.length - 1]!.ts + GAP },
        k,
        n: vs.length,
        total,
        vs: vs.sort(),
        top: Math.max(...vs),
        mean: total / vs.length,
      });
    };
    for (const r of mine) {
      if (cur.length > 0 && r.ts > Math.max(...cur.map((c) => c.ts)) + GAP) {
        close();
        cur = [];
      }
      cur.push(r);
    }
    close();
  }
  return out;
}

const byKeyAndStart = (a: Out, b: Out) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.session_window.start - b.session_window.start);
const normalise = (rows: unknown[]) => (rows as Out[]).map((r) => ({ ...r, vs: [...r.vs].sort() })).sort(byKeyAndStart);

describe('session operator against a reference', () => {
  it('complete mode, numeric and object buffers, many sessions per key: the sessions of merging every row, with or without a restart', async () => {
    const row = fc.record({ k: fc.constantFrom('a', 'b', 'c'), ts: fc.integer({ min: 0, max: 120 }).map((s) => s * 1000), v: fc.integer({ min: -9, max: 9 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(row, { maxLength: 12 }), { minLength: 1, maxLength: 5 }), fc.nat(4), async (batches, restartAt) => {
        const build = (input: MemoryStream<In>) =>
          input
            .toStream()
            .groupBy(sessionWindow('ts', GAP), 'k')
            .agg({ n: count(), total: sum('v'), vs: collectList('v'), top: max('v'), mean: avg('v') });
        const steps = batches.map((rows) => ({ add: [rows] }));
        const a = new MemoryStream<In>();
        const plain = await runWithRestart(build(a) as never, [a as never], steps, { outputMode: 'complete' });
        const all = batches.flat();
        const last = plain.batches[plain.batches.length - 1]?.rows ?? [];
        expect(normalise(last)).toEqual(normalise(reference(all) as never));
        const b = new MemoryStream<In>();
        const restarted = await runWithRestart(build(b) as never, [b as never], steps, {
          outputMode: 'complete',
          restartAfterStep: restartAt % batches.length,
        });
        expect(restarted.batches).toEqual(plain.batches);
      }),
      { numRuns: 40 },
    );
  });

  it('append mode after most keys closed: the table compacts, later keys and sessions are emitted in key order, restarts agree', async () => {
    const build = (input: MemoryStream<In>) => input.toStream().withWatermark('ts', '0 seconds').groupBy(sessionWindow('ts', '1 second'), 'k').count();
    const r = (k: string, ts: number): In => ({ k, ts, v: 0 });
    const many = Array.from({ length: 1500 }, (_, i) => r(`k${i}`, 0));
    const steps = [
      { add: [[...many, r('z', 0)]] },
      { add: [[r('z', 10_000)]] }, // the watermark (10 s) closes the 1501 sessions at [0, 1 s): 1500 keys removed
      { add: [[r('n0', 20_000), r('k5', 20_000), r('z', 20_500)]] }, // compacted first; k5 comes back as a new key
      { add: [[r('q', 60_000)]] },
    ];
    const a = new MemoryStream<In>();
    const plain = await runWithRestart(build(a) as never, [a as never], steps, { outputMode: 'append' });
    const w = (k: string, start: number) => ({ session_window: { start, end: start + 1000 }, k, count: 1 });
    expect(plain.batches.flatMap((b) => b.rows)).toEqual([
      ...many.map((m) => w(m.k, 0)),
      w('z', 0),
      w('z', 10_000),
      w('z', 20_500),
      w('n0', 20_000),
      w('k5', 20_000),
    ]);
    for (const after of [0, 1, 2]) {
      const b = new MemoryStream<In>();
      const restarted = await runWithRestart(build(b) as never, [b as never], steps, { outputMode: 'append', restartAfterStep: after });
      expect(restarted.batches).toEqual(plain.batches);
    }
  });

  it('append mode: a key with more sessions than fit inline, partly evicted, keeps its remaining sessions', async () => {
    const build = (input: MemoryStream<In>) =>
      input
        .toStream()
        .withWatermark('ts', '0 seconds')
        .groupBy(sessionWindow('ts', '1 second'), 'k')
        .agg({ n: count(), total: sum('v') });
    const r = (k: string, ts: number, v = 1): In => ({ k, ts, v });
    const steps = [
      { add: [[r('a', 8000, 5), r('a', 0), r('a', 2000, 2), r('b', 3000), r('a', 4000, 3), r('a', 6000, 4)]] }, // 5 sessions of a; the watermark moves to 8 s
      { add: [[r('a', 8500, 6), r('a', 9400, 7)]] }, // a's last session grows to [8 s, 10.4 s)
      { add: [[r('q', 20_000)]] },
    ];
    const a = new MemoryStream<In>();
    const plain = await runWithRestart(build(a) as never, [a as never], steps, { outputMode: 'append' });
    const w = (k: string, start: number, end: number, n: number, total: number) => ({ session_window: { start, end }, k, n, total });
    expect(plain.batches.flatMap((b) => b.rows)).toEqual([
      w('a', 0, 1000, 1, 1),
      w('a', 2000, 3000, 1, 2),
      w('a', 4000, 5000, 1, 3),
      w('a', 6000, 7000, 1, 4),
      w('b', 3000, 4000, 1, 1),
      w('a', 8000, 10_400, 3, 18),
    ]);
    for (const after of [0, 1]) {
      const b = new MemoryStream<In>();
      const restarted = await runWithRestart(build(b) as never, [b as never], steps, { outputMode: 'append', restartAfterStep: after });
      expect(restarted.batches).toEqual(plain.batches);
    }
  });
});
