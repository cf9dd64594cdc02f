import { describe, expect, it } from 'vitest';
import { MemoryStream } from '../../sources/memory-stream.js';
import type { LateRecord } from '../../exec/late.js';
import type { Sink } from '../../ports.js';
import { addData, checkAnswer, checkNewAnswer, expectFailure, startStream, stopStream, testStream } from '../../testing/index.js';
import { assertNumStateRows } from '../state/support/state-rows.js';
import { runWithRestart } from '../state/support/restart-harness.js';

const sec = (s: number): number => s * 1000;

interface L {
  leftKey: number;
  leftTime: number;
}
interface R {
  rightKey: number;
  rightTime: number;
}

describe('stream-stream join (StreamingJoinSuite)', () => {
  it('inner join with time range - with watermark - two side conditions', async () => {
    const leftInput = new MemoryStream<L>();
    const rightInput = new MemoryStream<R>();
    const left = leftInput.toStream().withWatermark('leftTime', '20 seconds');
    const right = rightInput.toStream().withWatermark('rightTime', '30 seconds');
    // leftTime BETWEEN rightTime - 10 s AND rightTime + 5 s  <=>  rightTime - leftTime in [-5 s, 10 s]
    const joined = left
      .join(right, { left: 'leftKey', right: 'rightKey' }, 'inner', {
        timeRange: { leftTime: 'leftTime', rightTime: 'rightTime', min: '-5 seconds', max: '10 seconds' },
      })
      .map((r) => [r.leftKey, r.leftTime / 1000, r.rightTime / 1000]);
    const l = (...ts: number[]) => ts.map((t) => ({ leftKey: 1, leftTime: sec(t) }));
    const r = (...ts: number[]) => ts.map((t) => ({ rightKey: 1, rightTime: sec(t) }));
    await testStream(joined, 'append')(
      addData(leftInput, l(20)),
      checkAnswer(),
      addData(rightInput, r(14, 15, 25, 26, 30, 31)),
      checkNewAnswer([1, 20, 15], [1, 20, 25], [1, 20, 26], [1, 20, 30]),
      assertNumStateRows({ total: 7, updated: 7 }),
      addData(rightInput, r(60)),
      checkNewAnswer(),
      addData(leftInput, l(49, 50, 65, 66)),
      checkNewAnswer([1, 50, 60], [1, 65, 60]),
      // watermark = min(66 - 20, 60 - 30) = 30: right rows with time < 25 are evicted
      assertNumStateRows({ total: 10, updated: 5 }),
      addData(leftInput, l(30, 31)), // 30 is at the watermark: late
      checkNewAnswer([1, 31, 26], [1, 31, 30], [1, 31, 31]),
      assertNumStateRows({ total: 11, updated: 1, droppedByWatermark: 1 }),
      addData(rightInput, r(80)),
      checkNewAnswer(),
      // watermark = min(46, 50) = 46: left < 36 and right < 41 evicted
      assertNumStateRows({ total: 6, updated: 1 }),
      addData(rightInput, r(46, 50)),
      checkNewAnswer([1, 49, 50], [1, 50, 50]),
      assertNumStateRows({ total: 7, updated: 1, droppedByWatermark: 1 }),
    );
  });

  it('stream stream self join (no watermark: state kept), across a restart', async () => {
    const input = new MemoryStream<{ value: number }>();
    const df = input.toStream().map((x) => ({ key: x.value % 5, value: x.value }));
    const joined = df
      .join(
        df.map((x) => ({ key: x.key, other: x.value })),
        'key',
      )
      .map((x) => [x.key, x.value, x.other]);
    await testStream(joined, 'append')(
      addData(input, { value: 1 }, { value: 2 }),
      checkAnswer([1, 1, 1], [2, 2, 2]),
      stopStream(),
      startStream(),
      addData(input, { value: 3 }, { value: 6 }),
      checkAnswer([1, 1, 1], [2, 2, 2], [3, 3, 3], [1, 1, 6], [1, 6, 1], [1, 6, 6]),
    );
  });

  it('left outer join: outer rows appear only once the watermark passes them', async () => {
    const impressions = new MemoryStream<{ adId: string; shownAt: number }>();
    const clicks = new MemoryStream<{ adId: string; clickedAt: number }>();
    const joined = impressions
      .toStream()
      .withWatermark('shownAt', '10 seconds')
      .join(clicks.toStream().withWatermark('clickedAt', '10 seconds'), 'adId', 'leftOuter', {
        timeRange: { leftTime: 'shownAt', rightTime: 'clickedAt', min: 0, max: '1 minute' },
      });
    await testStream(joined, 'append')(
      addData(impressions, { adId: 'a', shownAt: sec(100) }, { adId: 'b', shownAt: sec(105) }),
      addData(clicks, { adId: 'a', clickedAt: sec(130) }),
      checkNewAnswer({ adId: 'a', shownAt: sec(100), clickedAt: sec(130) }),
      addData(clicks, { adId: 'z', clickedAt: sec(160) }), // impressions' watermark is still 95: query watermark 95
      checkNewAnswer(),
      addData(impressions, { adId: 'z', shownAt: sec(180) }), // watermark min(170, 150) = 150: b could still get a click until 165
      checkNewAnswer(),
      addData(clicks, { adId: 'q', clickedAt: sec(200) }), // watermark min(170, 190) = 170 > 165: b is final
      checkNewAnswer({ adId: 'b', shownAt: sec(105), clickedAt: null }),
      addData(clicks, { adId: 'z', clickedAt: sec(181) }),
      checkNewAnswer({ adId: 'z', shownAt: sec(180), clickedAt: sec(181) }),
    );
  });

  describe('every join type, on the same impressions and clicks', () => {
    type Imp = { adId: string; shownAt: number };
    type Click = { adId: string; clickedAt: number };
    // a is shown twice and clicked once; b is shown and never clicked; c is clicked, never shown
    const a1 = { adId: 'a', shownAt: sec(100), clickedAt: sec(130) };
    const a2 = { adId: 'a', shownAt: sec(101), clickedAt: sec(130) };
    const b = { adId: 'b', shownAt: sec(105), clickedAt: null };
    const c = { adId: 'c', shownAt: null, clickedAt: sec(140) };
    const semi = [
      { adId: 'a', shownAt: sec(100) },
      { adId: 'a', shownAt: sec(101) },
    ];
    const cases = {
      inner: { matched: [a1, a2], outer: [] },
      leftOuter: { matched: [a1, a2], outer: [b] },
      rightOuter: { matched: [a1, a2], outer: [c] },
      fullOuter: { matched: [a1, a2], outer: [b, c] },
      leftSemi: { matched: semi, outer: [] }, // each left row once, however many clicks match it
    } as const;
    for (const how of Object.keys(cases) as (keyof typeof cases)[]) {
      it(`${how}: matches at once, the unmatched rows of its outer side once the watermark passes them`, async () => {
        const impressions = new MemoryStream<Imp>();
        const clicks = new MemoryStream<Click>();
        const joined = impressions
          .toStream()
          .withWatermark('shownAt', '10 seconds')
          .join(clicks.toStream().withWatermark('clickedAt', '10 seconds'), 'adId', how, {
            timeRange: { leftTime: 'shownAt', rightTime: 'clickedAt', min: 0, max: '1 minute' },
          });
        const { matched, outer } = cases[how];
        await testStream(joined, 'append')(
          addData(impressions, { adId: 'a', shownAt: sec(100) }, { adId: 'a', shownAt: sec(101) }, { adId: 'b', shownAt: sec(105) }),
          addData(clicks, { adId: 'a', clickedAt: sec(130) }, { adId: 'c', clickedAt: sec(140) }),
          checkNewAnswer(...matched),
          addData(clicks, { adId: 'a', clickedAt: sec(131) }),
          checkNewAnswer(
            ...(how === 'leftSemi'
              ? []
              : [
                  { ...a1, clickedAt: sec(131) },
                  { ...a2, clickedAt: sec(131) },
                ]),
          ),
          addData(impressions, { adId: 'z', shownAt: sec(400) }),
          addData(clicks, { adId: 'q', clickedAt: sec(400) }), // watermark 390 s: every row of the first batches is final
          checkNewAnswer(...outer),
        );
      });
    }
  });

  it('late rows of either side go to their late side output', async () => {
    const late: LateRecord[] = [];
    const sink: Sink<LateRecord<never>> = { description: 'late', addBatch: (rows) => void late.push(...rows) };
    const a = new MemoryStream<{ k: number; at: number }>();
    const b = new MemoryStream<{ k: number; bt: number }>();
    const joined = a
      .toStream()
      .withWatermark('at', '1 second', { late: sink })
      .join(b.toStream().withWatermark('bt', '1 second', { late: sink }), 'k');
    await testStream(joined, 'append')(
      addData(a, { k: 1, at: sec(10) }),
      addData(b, { k: 1, bt: sec(10) }),
      checkNewAnswer({ k: 1, at: sec(10), bt: sec(10) }), // then both inputs are at 9 s
      addData(a, { k: 2, at: sec(11) }), // runs with watermark 9 s; late rows are still judged by the previous batch's
      checkNewAnswer(),
      addData(b, { k: 1, bt: sec(8) }), // the previous batch ran with 9 s: late
      checkNewAnswer(),
    );
    expect(late).toEqual([{ row: { k: 1, bt: sec(8) }, eventTimeMs: sec(8), watermarkMs: sec(9), lateByMs: sec(1), operator: 'symmetricHashJoin' }]);
  });

  it('is append-only; a left outer join needs watermarks and a time range', async () => {
    const a = new MemoryStream<{ k: number; t: number }>();
    const b = new MemoryStream<{ k: number; u: number }>();
    await testStream(a.toStream().join(b.toStream(), 'k'), 'update')(expectFailure({ code: 'STREAM_JOIN_NEEDS_APPEND' }));
    await testStream(a.toStream().join(b.toStream(), 'k', 'leftOuter'), 'append')(expectFailure({ code: 'STREAM_JOIN_OUTER_NEEDS_WATERMARK' }));
    expect(() => a.toStream().join(b.toStream(), 'k', 'inner', { timeRange: { leftTime: 't', rightTime: 'u', min: '1 minute', max: 0 } })).toThrow(
      expect.objectContaining({ code: 'BAD_JOIN_TIME_RANGE' }),
    );
  });
});

describe('stream-stream join snapshot/restore', () => {
  it('left outer: stop, restore into a new query, continue = an uninterrupted run', async () => {
    const build = (l: MemoryStream<{ k: string; lt: number }>, r: MemoryStream<{ k: string; rt: number }>) =>
      l
        .toStream()
        .withWatermark('lt', '5 seconds')
        .join(r.toStream().withWatermark('rt', '5 seconds'), 'k', 'leftOuter', {
          timeRange: { leftTime: 'lt', rightTime: 'rt', min: '-2 seconds', max: '10 seconds' },
        });
    const L = (k: string, s: number) => ({ k, lt: sec(s) });
    const R = (k: string, s: number) => ({ k, rt: sec(s) });
    const steps = [
      { add: [[L('a', 10), L('b', 11)], [R('a', 9)]] },
      { add: [[L('c', 14)], [R('b', 20), R('c', 30)]] },
      { add: [[L('a', 25)], [R('a', 26), R('d', 40)]] },
      { add: [[L('e', 60)], [R('e', 61)]] },
      { add: [[], [R('f', 100)]] },
    ];
    const l1 = new MemoryStream<{ k: string; lt: number }>();
    const r1 = new MemoryStream<{ k: string; rt: number }>();
    const plain = await runWithRestart(build(l1, r1) as never, [l1 as never, r1 as never], steps, { outputMode: 'append' });
    for (const after of [0, 1, 2, 3]) {
      const l2 = new MemoryStream<{ k: string; lt: number }>();
      const r2 = new MemoryStream<{ k: string; rt: number }>();
      const restarted = await runWithRestart(build(l2, r2) as never, [l2 as never, r2 as never], steps, { outputMode: 'append', restartAfterStep: after });
      expect(restarted.batches).toEqual(plain.batches);
    }
    const rows = plain.batches.flatMap((x) => x.rows) as { k: string; rt: number | null }[];
    expect(
      rows
        .filter((x) => x.rt === null)
        .map((x) => x.k)
        .sort(),
    ).toEqual(['c']);
    expect(rows.length).toBe(5);
  });
});
