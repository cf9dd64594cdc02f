/**
 * Several inputs keep a watermark each; the query watermark follows `multipleWatermarkPolicy`
 * (EventTimeWatermarkSuite: "MultipleWatermarkPolicy: min/max", with one slow input).
 */
import { describe, it } from 'vitest';
import { MemoryStream } from '../../sources/memory-stream.js';
import type { Stream } from '../../stream/stream.js';
import { addData, assertOnQuery, checkLastBatch, checkNewAnswer, startStream, stopStream, testStream, type StreamAction } from '../../testing/index.js';

const sec = (s: number): number => s * 1000;
const iso = (s: number): string => new Date(sec(s)).toISOString();

function twoInputs(): { input1: MemoryStream<{ value: number }>; input2: MemoryStream<{ value: number }>; df: Stream<number> } {
  const input1 = new MemoryStream<{ value: number }>();
  const input2 = new MemoryStream<{ value: number }>();
  const df1 = input1
    .toStream()
    .map((r) => ({ eventTime: sec(r.value) }))
    .withWatermark('eventTime', '10 seconds');
  const df2 = input2
    .toStream()
    .map((r) => ({ eventTime: sec(r.value) }))
    .withWatermark('eventTime', '15 seconds');
  return { input1, input2, df: df1.union(df2).map((r) => r.eventTime / 1000) };
}

/** Spark's checkWatermark: add a row to force a batch, then read the watermark that batch ran with. */
function checkWatermark(input: MemoryStream<{ value: number }>, seconds: number): StreamAction[] {
  return [
    addData(input, { value: 1 }),
    checkLastBatch(1),
    assertOnQuery((q) => q.lastProgress?.eventTime.watermark === iso(seconds), `watermark ${seconds} s`),
  ];
}

describe('multiple watermark policy', () => {
  it('min (default): the slow input holds the query watermark back', async () => {
    const { input1, input2, df } = twoInputs();
    await testStream(df, 'append')(
      addData(input1, { value: 20 }),
      addData(input2, { value: 30 }),
      checkNewAnswer(20, 30),
      ...checkWatermark(input1, 10), // min(20 - 10, 30 - 15)
      stopStream(),
      startStream(),
      ...checkWatermark(input1, 10), // recovered from the checkpoint
      addData(input1, { value: 120 }),
      addData(input2, { value: 130 }),
      checkNewAnswer(120, 130),
      ...checkWatermark(input1, 110), // min(110, 115)
      addData(input1, { value: 150 }),
      checkLastBatch(150),
      ...checkWatermark(input1, 115), // input2 is slow: min(140, 115)
    );
  });

  it('max: the fastest input sets the query watermark', async () => {
    const { input1, input2, df } = twoInputs();
    await testStream(df.writeStream.option('multipleWatermarkPolicy', 'max'), 'append')(
      addData(input1, { value: 20 }),
      addData(input2, { value: 30 }),
      checkNewAnswer(20, 30),
      ...checkWatermark(input1, 15), // max(20 - 10, 30 - 15)
      stopStream(),
      startStream(),
      ...checkWatermark(input1, 15),
      addData(input1, { value: 120 }),
      addData(input2, { value: 130 }),
      checkNewAnswer(120, 130),
      ...checkWatermark(input1, 115), // max(110, 115)
      addData(input1, { value: 150 }),
      checkLastBatch(150),
      ...checkWatermark(input1, 140), // advances with one input only
    );
  });

  it('a join evicts by the policy: with max, the slow side no longer holds state back', async () => {
    const run = async (policy: 'min' | 'max', expectOuter: boolean): Promise<void> => {
      const fast = new MemoryStream<{ k: string; ft: number }>();
      const slow = new MemoryStream<{ k: string; st: number }>();
      const joined = fast
        .toStream()
        .withWatermark('ft', '5 seconds')
        .join(slow.toStream().withWatermark('st', '5 seconds'), 'k', 'leftOuter', {
          timeRange: { leftTime: 'ft', rightTime: 'st', min: 0, max: '10 seconds' },
        });
      await testStream(joined.writeStream.option('multipleWatermarkPolicy', policy), 'append')(
        addData(slow, { k: 'x', st: sec(100) }),
        addData(fast, { k: 'a', ft: sec(100) }),
        checkNewAnswer(),
        addData(fast, { k: 'b', ft: sec(200) }), // fast input watermark 195; the slow one stays at 95
        expectOuter ? checkNewAnswer({ k: 'a', ft: sec(100), st: null }) : checkNewAnswer(),
        assertOnQuery((q) => q.lastProgress?.eventTime.watermark === iso(policy === 'max' ? 195 : 95), `watermark under ${policy}`),
      );
    };
    await run('min', false);
    await run('max', true);
  });
});
