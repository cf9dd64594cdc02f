import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cardEvents, payments } from './examples/card-state-machine.js';
import { MemoryStream } from '../../sources/memory-stream.js';
import { count } from '../../aggregates/count.js';
import { addData, advanceClock, assertOnQuery, checkNewAnswer, expectFailure, startStream, stopStream, testStream } from '../../testing/index.js';
import type { GroupState } from './group-state.js';
import { assertNumStateRows } from './support/state-rows.js';
import { runWithRestart } from './support/restart-harness.js';

const sec = (s: number): number => s * 1000;

interface RunningCount {
  count: number;
}

/** Spark's mapGroupsWithState test function: count up to 2, then remove and answer -1. */
function runningCount(key: string, values: { value: string }[], state: GroupState<RunningCount>): [string, string] {
  const c = (state.getOption()?.count ?? 0) + values.length;
  if (c === 3) {
    state.remove();
    return [key, '-1'];
  }
  state.update({ count: c });
  return [key, String(c)];
}

describe('mapGroupsWithState (FlatMapGroupsWithStateSuite)', () => {
  it('mapGroupsWithState - streaming, with stop/start', async () => {
    const input = new MemoryStream<{ value: string }>();
    const result = input
      .toStream()
      .groupByKey((r) => r.value)
      .mapGroupsWithState(runningCount);
    const v = (...xs: string[]) => xs.map((value) => ({ value }));
    await testStream(result, 'update')(
      addData(input, v('a')),
      checkNewAnswer(['a', '1']),
      assertNumStateRows({ total: 1, updated: 1 }),
      addData(input, v('a', 'b')),
      checkNewAnswer(['a', '2'], ['b', '1']),
      assertNumStateRows({ total: 2, updated: 2 }),
      stopStream(),
      startStream(),
      addData(input, v('a', 'b')), // removes a's state
      checkNewAnswer(['a', '-1'], ['b', '2']),
      assertNumStateRows({ total: 1, updated: 2 }),
      stopStream(),
      startStream(),
      addData(input, v('a', 'c')), // a starts again
      checkNewAnswer(['a', '1'], ['c', '1']),
      assertNumStateRows({ total: 3, updated: 2 }),
    );
  });

  it('is only allowed in update mode and without aggregation', async () => {
    const input = new MemoryStream<{ value: string }>();
    const result = input
      .toStream()
      .groupByKey((r) => r.value)
      .mapGroupsWithState(runningCount);
    await testStream(result, 'append')(expectFailure({ code: 'MAP_GROUPS_NEEDS_UPDATE' }));
    const agg = result
      .map(([k]) => ({ k }))
      .groupBy('k')
      .agg({ n: count() });
    await testStream(agg, 'update')(expectFailure({ code: 'MAP_GROUPS_WITH_AGGREGATION' }));
  });

  it('a key that is not a primitive or a tuple goes to the error output', async () => {
    const input = new MemoryStream<{ value: string }>();
    const result = input
      .toStream()
      .groupByKey((r) => (r.value === 'bad' ? { nested: true } : [r.value, 1]))
      .mapGroupsWithState<number, unknown>((key, values, state) => {
        state.update((state.getOption() ?? 0) + values.length);
        return [key, state.get()];
      });
    await testStream(result, 'update')(
      addData(input, { value: 'x' }, { value: 'bad' }, { value: 'x' }),
      checkNewAnswer([['x', 1], 2]),
      assertOnQuery((q) => q.lastProgress?.numInvalidRows === 1, 'one invalid row'),
    );
  });
});

/** Spark's processing-time timeout function: count per key, time out 10 s after the last data. */
function countWithTimeout(key: string, values: { value: string }[], state: GroupState<number>): [string, string][] {
  if (state.hasTimedOut) {
    state.remove();
    return [[key, '-1']];
  }
  const c = (state.getOption() ?? 0) + values.length;
  state.update(c);
  state.setTimeoutDuration('10 seconds');
  return [[key, String(c)]];
}

describe('flatMapGroupsWithState timeouts (FlatMapGroupsWithStateSuite)', () => {
  it('streaming with processing time timeout: fires on the manual clock, with or without data', async () => {
    const input = new MemoryStream<{ value: string }>();
    const result = input
      .toStream()
      .groupByKey((r) => r.value)
      .flatMapGroupsWithState(countWithTimeout, { outputMode: 'update', timeout: 'processingTime' });
    const v = (...xs: string[]) => xs.map((value) => ({ value }));
    await testStream(result, 'update')(
      startStream({ processingTime: '1 second' }),
      addData(input, v('a')),
      advanceClock(1000),
      checkNewAnswer(['a', '1']),
      assertNumStateRows({ total: 1, updated: 1 }),
      addData(input, v('b')),
      advanceClock(1000),
      checkNewAnswer(['b', '1']),
      assertNumStateRows({ total: 2, updated: 1 }),
      addData(input, v('b')),
      advanceClock(10_000), // batch at 12 s: a's timeout (11 s) passed
      checkNewAnswer(['a', '-1'], ['b', '2']),
      assertNumStateRows({ total: 1, updated: 2 }),
      stopStream(),
      startStream({ processingTime: '1 second' }),
      addData(input, v('c')),
      advanceClock(11_000), // batch at 23 s: b's timeout (22 s) passed
      checkNewAnswer(['b', '-1'], ['c', '1']),
      assertNumStateRows({ total: 1, updated: 2 }),
      advanceClock(12_000), // no new data: the clock passes c's timeout (33 s), a no-data batch fires it
      assertOnQuery((q) => q.lastProgress?.timestamp === '1970-01-01T00:00:35.000Z', 'batch at 35 s'),
      assertOnQuery((q) => q.lastProgress?.numInputRows === 0, 'fired by a no-data batch'),
      checkNewAnswer(['c', '-1']),
      assertNumStateRows({ total: 0, updated: 1, removed: 1 }),
    );
  });

  it('default trigger: a processing-time timeout also fires with no data once the clock passes it', async () => {
    const input = new MemoryStream<{ value: string }>();
    const result = input
      .toStream()
      .groupByKey((r) => r.value)
      .flatMapGroupsWithState(countWithTimeout, { outputMode: 'update', timeout: 'processingTime' });
    await testStream(result, 'update')(
      addData(input, { value: 'a' }), // batch at 0 s: timeout at 10 s
      checkNewAnswer(['a', '1']),
      advanceClock(10_000), // not past it yet (a timeout fires when the batch time is after it)
      checkNewAnswer(),
      advanceClock(1),
      checkNewAnswer(['a', '-1']),
      assertOnQuery((q) => q.lastProgress?.numInputRows === 0 && q.recentProgress.length === 2, 'one no-data batch'),
      assertNumStateRows({ total: 0 }),
    );
  });

  it('event-time timeout fires when the watermark passes it (no-data batch); late rows are dropped', async () => {
    const input = new MemoryStream<{ key: string; eventTime: number }>();
    const fn = (key: string, values: { eventTime: number }[], state: GroupState<number>): [string, number][] => {
      if (state.hasTimedOut) {
        state.remove();
        return [[key, -1]];
      }
      const maxSec = Math.max(...values.map((x) => x.eventTime / 1000), state.getOption() ?? 0);
      state.update(maxSec);
      state.setTimeoutTimestamp(sec(maxSec + 5));
      return [[key, maxSec]];
    };
    const result = input
      .toStream()
      .withWatermark('eventTime', '10 seconds')
      .groupByKey((r) => r.key)
      .flatMapGroupsWithState(fn, { outputMode: 'update', timeout: 'eventTime' });
    const r = (key: string, s: number) => ({ key, eventTime: sec(s) });
    await testStream(result, 'update')(
      addData(input, r('a', 11), r('a', 13), r('a', 15)), // timeout for a = 20, watermark -> 5
      checkNewAnswer(['a', 15]),
      addData(input, r('a', 4)), // behind the watermark
      checkNewAnswer(),
      assertNumStateRows({ total: 1, droppedByWatermark: 1 }),
      addData(input, r('a', 10)),
      checkNewAnswer(['a', 15]),
      addData(input, r('b', 31)), // watermark -> 21 > 20: a times out in the no-data batch
      checkNewAnswer(['a', -1], ['b', 31]),
      assertOnQuery((q) => q.lastProgress?.numInputRows === 0, 'fired by a no-data batch'),
    );
  });

  it('output-mode rules and the watermark rule of the event-time timeout', async () => {
    const input = new MemoryStream<{ value: string; ts: number }>();
    const keyed = input.toStream().groupByKey((r) => r.value);
    const fm = (mode: 'append' | 'update') => keyed.flatMapGroupsWithState<number, string>((k) => [k], { outputMode: mode });
    await testStream(fm('update'), 'append')(expectFailure({ code: 'FLATMAP_GROUPS_MODE_MISMATCH' }));
    await testStream(fm('append'), 'update')(expectFailure({ code: 'FLATMAP_GROUPS_MODE_MISMATCH' }));
    const withAgg = fm('update')
      .map((k) => ({ k }))
      .groupBy('k')
      .count();
    await testStream(withAgg, 'update')(expectFailure({ code: 'FLATMAP_GROUPS_UPDATE_WITH_AGGREGATION' }));
    const noWm = keyed.flatMapGroupsWithState<number, string>((k) => [k], { outputMode: 'append', timeout: 'eventTime' });
    await testStream(noWm, 'append')(expectFailure({ code: 'EVENT_TIME_TIMEOUT_NEEDS_WATERMARK' }));
    const appendThenAgg = fm('append')
      .map((k) => ({ k }))
      .groupBy('k')
      .count();
    await testStream(appendThenAgg, 'update')(addData(input, { value: 'x', ts: 0 }), checkNewAnswer({ k: 'x', count: 1 }));
  });

  it('misusing GroupState fails the query with a clear error', async () => {
    const input = new MemoryStream<{ value: string }>();
    const result = input
      .toStream()
      .groupByKey((r) => r.value)
      .flatMapGroupsWithState<number, string>(
        (k, _v, state) => {
          state.setTimeoutDuration('1 second');
          return [k];
        },
        { outputMode: 'append' },
      );
    await testStream(result, 'append')(addData(input, { value: 'a' }), expectFailure({ code: 'TIMEOUT_NOT_ENABLED' }));
  });
});

describe('flatMapGroupsWithState snapshot/restore', () => {
  it('event-time timeouts survive a restart: same output as an uninterrupted run', async () => {
    const fn = (key: string, values: { eventTime: number }[], state: GroupState<{ n: number; last: number }>): unknown[] => {
      if (state.hasTimedOut) {
        const s = state.get();
        state.remove();
        return [{ key, closed: s.n }];
      }
      const prev = state.getOption() ?? { n: 0, last: 0 };
      const last = Math.max(prev.last, ...values.map((x) => x.eventTime));
      state.update({ n: prev.n + values.length, last });
      state.setTimeoutTimestamp(last, '5 seconds');
      return [{ key, n: prev.n + values.length }];
    };
    const build = (input: MemoryStream<{ key: string; eventTime: number }>) =>
      input
        .toStream()
        .withWatermark('eventTime', '2 seconds')
        .groupByKey((r) => [r.key, 'k'])
        .flatMapGroupsWithState<{ n: number; last: number }, unknown>((k, v, s) => fn((k as string[])[0]!, v, s), {
          outputMode: 'append',
          timeout: 'eventTime',
        });
    const r = (key: string, s: number) => ({ key, eventTime: sec(s) });
    const steps = [[r('a', 1), r('b', 2)], [r('a', 4), r('c', 5)], [r('b', 9), r('a', 3)], [r('c', 14)], [r('d', 30)]].map((rows) => ({ add: [rows] }));
    const a = new MemoryStream<{ key: string; eventTime: number }>();
    const plain = await runWithRestart(build(a) as never, [a as never], steps, { outputMode: 'append' });
    for (const after of [0, 1, 2, 3]) {
      const b = new MemoryStream<{ key: string; eventTime: number }>();
      const restarted = await runWithRestart(build(b) as never, [b as never], steps, { outputMode: 'append', restartAfterStep: after });
      expect(restarted.batches).toEqual(plain.batches);
    }
    expect(plain.batches.flatMap((x) => x.rows)).toContainEqual({ key: 'a', closed: 2 });
  });
});

describe('docs example: a per-card state machine with an event-time timeout', () => {
  it('README shows exactly examples/card-state-machine.ts', () => {
    const region = (text: string): string => text.slice(text.indexOf('// #region card-state-machine'), text.indexOf('// #endregion card-state-machine'));
    const file = readFileSync(new URL('./examples/card-state-machine.ts', import.meta.url), 'utf8');
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    expect(region(file).length).toBeGreaterThan(100);
    expect(region(readme)).toBe(region(file));
  });

  it('watch, block, and clear when the watermark passes five quiet minutes', async () => {
    const T0 = Date.parse('2026-01-01T10:00:00Z');
    const at = (m: number): number => T0 + m * 60_000;
    const p = (cardId: string, m: number, declined: boolean) => ({ cardId, ts: at(m), declined });
    await testStream(cardEvents, 'append')(
      addData(payments, p('c1', 0, true), p('c2', 0, false), p('c2', 1, true)),
      checkNewAnswer({ cardId: 'c1', event: 'watch', at: at(0) }, { cardId: 'c2', event: 'watch', at: at(1) }),
      addData(payments, p('c1', 3, false), p('c2', 4, true)), // c2 declined again while on watch
      checkNewAnswer({ cardId: 'c2', event: 'block', at: at(4) }),
      addData(payments, p('c3', 7, false)), // watermark 6:00 > 0:00 + 5: c1 clears (no-data batch)
      checkNewAnswer({ cardId: 'c1', event: 'clear', at: at(5) }),
      addData(payments, p('c3', 11, false)), // watermark 10:00 passes 4:00 + 5: c2 clears
      checkNewAnswer({ cardId: 'c2', event: 'clear', at: at(9) }),
      assertNumStateRows({ total: 0 }),
    );
  });
});

describe('flatMapGroupsWithState function results', () => {
  it('a function that returns no iterable fails the query with a clear error', async () => {
    const input = new MemoryStream<{ value: string }>();
    const result = input
      .toStream()
      .groupByKey((r) => r.value)
      .flatMapGroupsWithState<number, string>(() => undefined as unknown as string[], { outputMode: 'append' });
    await testStream(result, 'append')(addData(input, { value: 'a' }), expectFailure({ code: 'BAD_GROUPS_RESULT' }));
  });
});
