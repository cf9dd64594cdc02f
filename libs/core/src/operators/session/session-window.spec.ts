import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Stream } from '../../stream/stream.js';
import type { Window } from '../../window/window-spec.js';
import { count } from '../../aggregates/count.js';
import { sum } from '../../aggregates/sum.js';
import type { LateRecord } from '../../exec/late.js';
import type { Sink } from '../../ports.js';
import { MemoryStream } from '../../sources/memory-stream.js';
import { addData, assertOnQuery, checkAnswer, checkLastBatch, checkNewAnswer, expectFailure, testStream } from '../../testing/index.js';
import { runWithRestart } from '../state/support/restart-harness.js';
import { sessionWindow } from './session-window.js';

const sec = (s: number): number => s * 1000;

/** Spark's StructuredSessionization input: lines of words at a time (seconds). */
function sessions(input: MemoryStream<{ value: string; ts: number }>) {
  return input
    .toStream()
    .withWatermark('ts', '30 seconds')
    .flatMap((l) => l.value.split(' ').map((sessionId) => ({ sessionId, ts: l.ts })))
    .groupBy(sessionWindow('ts', '10 seconds'), 'sessionId')
    .agg({ numEvents: count() })
    .map((r) => [r.sessionId, r.session_window.start / 1000, r.session_window.end / 1000, (r.session_window.end - r.session_window.start) / 1000, r.numEvents]);
}
const line = (value: string, s: number) => ({ value, ts: sec(s) });

describe('session windows (StreamingSessionWindowSuite)', () => {
  it('append mode: sessions merge across batches, late rows dropped, emitted once the watermark passes', async () => {
    const input = new MemoryStream<{ value: string; ts: number }>();
    await testStream(sessions(input), 'append')(
      addData(input, line('hello world spark streaming', 40), line('world hello structured streaming', 41)),
      checkNewAnswer(), // watermark 11
      addData(input, line('spark streaming', 25)), // new sessions before the previous ones
      checkNewAnswer(),
      addData(input, line('spark streaming', 0)), // session end 10 <= watermark 11: late
      checkNewAnswer(),
      assertOnQuery((q) => q.lastProgress?.stateOperators[0]?.numRowsDroppedByWatermark === 2, 'two late rows'),
      addData(input, line('spark streaming', 30)), // joins [25,35) and [40,5x)
      checkNewAnswer(),
      addData(input, line('hello apache spark', 60)), // watermark 30
      checkNewAnswer(),
      addData(input, line('structured streaming', 90)), // watermark 60: sessions ending <= 60 close
      checkNewAnswer(['spark', 25, 50, 25, 3], ['streaming', 25, 51, 26, 4], ['hello', 40, 51, 11, 2], ['world', 40, 51, 11, 2], ['structured', 41, 51, 10, 1]),
      assertOnQuery((q) => q.lastProgress?.stateOperators[0]?.numRowsTotal === 5, '5 open sessions'),
    );
  });

  it('SPARK-36465: dynamic gap duration (gaps <= 0 drop the row)', async () => {
    const input = new MemoryStream<{ value: string; ts: number }>();
    const gap = (r: { sessionId: string }) =>
      r.sessionId === 'hello' ? '1 second' : r.sessionId === 'structured' ? '0 seconds' : r.sessionId === 'world' ? '-10 seconds' : '10 seconds';
    const q = input
      .toStream()
      .withWatermark('ts', '30 seconds')
      .flatMap((l) => l.value.split(' ').map((sessionId) => ({ sessionId, ts: l.ts })))
      .groupBy(sessionWindow('ts', gap), 'sessionId')
      .agg({ numEvents: count() })
      .map((r) => [
        r.sessionId,
        r.session_window.start / 1000,
        r.session_window.end / 1000,
        (r.session_window.end - r.session_window.start) / 1000,
        r.numEvents,
      ]);
    await testStream(q, 'append')(
      addData(input, line('hello world spark streaming', 40), line('world hello structured streaming', 41)),
      checkNewAnswer(),
      addData(input, line('spark streaming', 25)),
      checkNewAnswer(),
      addData(input, line('spark streaming', 0)),
      checkNewAnswer(),
      assertOnQuery((q2) => q2.lastProgress?.stateOperators[0]?.numRowsDroppedByWatermark === 2, 'two late rows'),
      addData(input, line('spark streaming', 30)),
      checkNewAnswer(),
      addData(input, line('hello apache spark', 60)),
      checkNewAnswer(),
      addData(input, line('structured streaming', 90)),
      checkNewAnswer(['spark', 25, 50, 25, 3], ['streaming', 25, 51, 26, 4], ['hello', 40, 42, 2, 2]),
      assertOnQuery((q2) => q2.lastProgress?.numInvalidRows === undefined || q2.lastProgress.numInvalidRows === 0, 'no invalid rows'),
    );
  });

  it('complete mode (Spark): the whole session table every batch, the watermark ignored', async () => {
    const input = new MemoryStream<{ value: string; ts: number }>();
    await testStream(sessions(input), 'complete')(
      addData(input, line('hello world spark streaming', 40), line('world hello structured streaming', 41)),
      checkLastBatch(['hello', 40, 51, 11, 2], ['world', 40, 51, 11, 2], ['streaming', 40, 51, 11, 2], ['spark', 40, 50, 10, 1], ['structured', 41, 51, 10, 1]),
      addData(input, line('spark streaming', 25)),
      checkLastBatch(
        ['spark', 25, 35, 10, 1],
        ['streaming', 25, 35, 10, 1],
        ['hello', 40, 51, 11, 2],
        ['world', 40, 51, 11, 2],
        ['streaming', 40, 51, 11, 2],
        ['spark', 40, 50, 10, 1],
        ['structured', 41, 51, 10, 1],
      ),
      addData(input, line('spark streaming', 30)),
      checkLastBatch(['spark', 25, 50, 25, 3], ['streaming', 25, 51, 26, 4], ['hello', 40, 51, 11, 2], ['world', 40, 51, 11, 2], ['structured', 41, 51, 10, 1]),
      addData(input, line('hello apache spark', 60)),
      checkLastBatch(
        ['spark', 25, 50, 25, 3],
        ['streaming', 25, 51, 26, 4],
        ['hello', 40, 51, 11, 2],
        ['world', 40, 51, 11, 2],
        ['structured', 41, 51, 10, 1],
        ['hello', 60, 70, 10, 1],
        ['apache', 60, 70, 10, 1],
        ['spark', 60, 70, 10, 1],
      ),
    );
  });

  it('complete mode: every session every batch, nothing evicted', async () => {
    const input = new MemoryStream<{ value: string; ts: number }>();
    await testStream(sessions(input), 'complete')(
      addData(input, line('a b', 10), line('a', 15)),
      checkLastBatch(['a', 10, 25, 15, 2], ['b', 10, 20, 10, 1]),
      addData(input, line('a', 100), line('b', 0)), // not late in complete mode
      checkLastBatch(['a', 10, 25, 15, 2], ['a', 100, 110, 10, 1], ['b', 0, 20, 20, 2]),
    );
  });

  it('update mode (extension): merged sessions are emitted and the sessions they replaced retracted', async () => {
    const input = new MemoryStream<{ user: string; ts: number; amount: number }>();
    const q = input
      .toStream()
      .withWatermark('ts', '1 minute')
      .groupBy(sessionWindow('ts', '10 seconds'), 'user')
      .agg({ n: count(), total: sum('amount') });
    const w = (start: number, end: number) => ({ start: sec(start), end: sec(end) });
    const r = (user: string, s: number, amount = 1) => ({ user, ts: sec(s), amount });
    const run = await runWithRestart(
      q as never,
      [input as never],
      [
        { add: [[r('u', 0), r('u', 30), r('v', 5)]] },
        { add: [[r('u', 8, 2), r('u', 16, 3)]] }, // [0,10) grows to [0,26)
        { add: [[r('u', 22, 4)]] }, // [22,32) bridges [0,26) and [30,40)
        { add: [[r('v', 7)]] }, // [5,15) grows to [5,17)
        { add: [[r('v', 6)]] }, // inside [5,17): same window, updated count, nothing to retract
      ],
      { outputMode: 'update' },
    );
    expect(run.batches.map((b) => [b.rows, b.removed])).toEqual([
      [
        [
          { session_window: w(0, 10), user: 'u', n: 1, total: 1 },
          { session_window: w(30, 40), user: 'u', n: 1, total: 1 },
          { session_window: w(5, 15), user: 'v', n: 1, total: 1 },
        ],
        [],
      ],
      [[{ session_window: w(0, 26), user: 'u', n: 3, total: 6 }], [{ session_window: w(0, 10), user: 'u' }]],
      [
        [{ session_window: w(0, 40), user: 'u', n: 5, total: 11 }],
        [
          { session_window: w(0, 26), user: 'u' },
          { session_window: w(30, 40), user: 'u' },
        ],
      ],
      [[{ session_window: w(5, 17), user: 'v', n: 2, total: 2 }], [{ session_window: w(5, 15), user: 'v' }]],
      [[{ session_window: w(5, 17), user: 'v', n: 3, total: 3 }], []],
    ]);
  });

  it('dynamic gap: per-row gaps, rows with a gap <= 0 dropped', async () => {
    const input = new MemoryStream<{ user: string; ts: number; kind: string }>();
    const q = input
      .toStream()
      .withWatermark('ts', '0 seconds')
      .groupBy(
        sessionWindow('ts', (r: { kind: string }) => (r.kind === 'checkout' ? '30 seconds' : r.kind === 'noise' ? 0 : '5 seconds')),
        'user',
      )
      .agg({ n: count() });
    await testStream(q, 'append')(
      addData(
        input,
        { user: 'a', ts: sec(0), kind: 'view' },
        { user: 'a', ts: sec(3), kind: 'checkout' },
        { user: 'a', ts: sec(20), kind: 'view' },
        { user: 'a', ts: sec(1), kind: 'noise' },
      ),
      addData(input, { user: 'b', ts: sec(100), kind: 'view' }),
      checkAnswer({ session_window: { start: 0, end: sec(33) }, user: 'a', n: 3 }),
    );
  });

  it('late rows go to the late side output with the session they missed', async () => {
    const input = new MemoryStream<{ user: string; ts: number }>();
    const late: LateRecord[] = [];
    const lateSink: Sink<LateRecord<{ user: string; ts: number }>> = { description: 'late', addBatch: (rows) => void late.push(...rows) };
    const q = input.toStream().withWatermark('ts', '10 seconds', { late: lateSink }).groupBy(sessionWindow('ts', '5 seconds'), 'user').count();
    await testStream(q, 'append')(
      addData(input, { user: 'a', ts: sec(60) }), // watermark 50
      checkNewAnswer(),
      addData(input, { user: 'a', ts: sec(44) }), // session end 49 <= 50
      checkNewAnswer(),
    );
    expect(late).toEqual([
      { row: { user: 'a', ts: sec(44) }, eventTimeMs: sec(44), watermarkMs: sec(50), lateByMs: sec(1), operator: 'sessionWindowStateStoreSave' },
    ]);
  });

  it('needs a grouping key besides the session window; append needs a watermark', async () => {
    const input = new MemoryStream<{ user: string; ts: number }>();
    await testStream(
      input.toStream().withWatermark('ts', '1 second').groupBy(sessionWindow('ts', '5 seconds')).count(),
      'append',
    )(expectFailure({ code: 'SESSION_NEEDS_KEY' }));
    await testStream(input.toStream().groupBy(sessionWindow('ts', '5 seconds'), 'user').count(), 'append')(expectFailure({ code: 'APPEND_NEEDS_WATERMARK' }));
    expect(() => sessionWindow('ts', '0 seconds')).toThrow(expect.objectContaining({ code: 'BAD_WINDOW' }));
  });
});

describe('session windows snapshot/restore', () => {
  for (const mode of ['append', 'update'] as const) {
    it(`${mode}: stop, restore into a new query, continue = an uninterrupted run (output and retractions)`, async () => {
      const build = (input: MemoryStream<{ user: string; ts: number; amount: number }>) =>
        input
          .toStream()
          .withWatermark('ts', '20 seconds')
          .groupBy(sessionWindow('ts', '10 seconds'), 'user')
          .agg({ n: count(), total: sum('amount') });
      const r = (user: string, s: number) => ({ user, ts: sec(s), amount: s % 7 });
      const steps = [
        [r('a', 0), r('b', 3), r('a', 25)],
        [r('a', 12), r('b', 9), r('c', 30)],
        [r('a', 20), r('b', 40), r('a', 2)],
        [r('c', 70), r('a', 71)],
        [r('b', 120)],
      ].map((rows) => ({ add: [rows] }));
      const a = new MemoryStream<{ user: string; ts: number; amount: number }>();
      const plain = await runWithRestart(build(a) as never, [a as never], steps, { outputMode: mode });
      for (const after of [0, 1, 2, 3]) {
        const b = new MemoryStream<{ user: string; ts: number; amount: number }>();
        const restarted = await runWithRestart(build(b) as never, [b as never], steps, { outputMode: mode, restartAfterStep: after });
        expect(restarted.batches).toEqual(plain.batches);
      }
      expect(plain.batches.flatMap((x) => x.rows).length).toBeGreaterThan(3);
      if (mode === 'update') expect(plain.batches.flatMap((x) => x.removed).length).toBeGreaterThan(0);
    });
  }
});

describe('session window types', () => {
  it('infers the aggregate row type with the session_window column', () => {
    const s = new MemoryStream<{ user: string; ts: number; amount: number }>().toStream();
    const q = s
      .withWatermark('ts', '1 minute')
      .groupBy(sessionWindow('ts', '5 minutes'), 'user')
      .agg({ n: count(), total: sum('amount') });
    expectTypeOf(q).toEqualTypeOf<Stream<{ session_window: Window; user: string; n: number; total: number | null }>>(); // a sum over no values is null, as in Spark
  });
});
