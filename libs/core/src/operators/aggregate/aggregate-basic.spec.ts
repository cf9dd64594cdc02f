/** Aggregations without event time (StreamingAggregationSuite): state kept forever, restarts keep it. */
import { describe, it } from 'vitest';
import { approxCountDistinct, avg, collectList, count, countDistinct, max, MemoryStream } from '../../index.js';
import { addData, checkAnswer, checkLastBatch, startStream, stopStream, testStream } from '../../testing/index.js';

type V = { value: number };
const vs = (...n: number[]): V[] => n.map((value) => ({ value }));
const counted = (input: MemoryStream<V>) => input.toStream().groupBy('value').agg({ n: count() });
const r = (value: number, n: number) => ({ value, n });

describe('streaming aggregation without a watermark', () => {
  it('simple count, update mode (changed keys only; state survives a restart)', async () => {
    const input = new MemoryStream<V>();
    await testStream(counted(input), 'update')(
      addData(input, vs(3)),
      checkLastBatch(r(3, 1)),
      addData(input, vs(3, 2)),
      checkLastBatch(r(3, 2), r(2, 1)),
      stopStream(),
      startStream(),
      addData(input, vs(3, 2, 1)),
      checkLastBatch(r(3, 3), r(2, 2), r(1, 1)),
      addData(input, vs(4, 4, 4, 4)),
      checkLastBatch(r(4, 4)),
    );
  });

  it('simple count, complete mode (the whole table every batch)', async () => {
    const input = new MemoryStream<V>();
    await testStream(counted(input), 'complete')(
      addData(input, vs(3)),
      checkLastBatch(r(3, 1)),
      addData(input, vs(2)),
      checkLastBatch(r(3, 1), r(2, 1)),
      stopStream(),
      startStream(),
      addData(input, vs(3, 2, 1)),
      checkLastBatch(r(3, 2), r(2, 2), r(1, 1)),
      addData(input, vs(4, 4, 4, 4)),
      checkLastBatch(r(4, 4), r(3, 2), r(2, 2), r(1, 1)),
    );
  });

  it('a global aggregation (no keys) with object buffers survives a restart', async () => {
    const input = new MemoryStream<V>();
    const all = input
      .toStream()
      .groupBy()
      .agg({
        n: count(),
        mean: avg('value'),
        top: max('value'),
        values: collectList('value'),
        distinct: countDistinct('value'),
        approx: approxCountDistinct('value'),
      });
    await testStream(all, 'complete')(
      addData(input, vs(1, 2, 2)),
      checkAnswer({ n: 3, mean: 5 / 3, top: 2, values: [1, 2, 2], distinct: 2, approx: 2 }),
      stopStream(),
      startStream(),
      addData(input, vs(7)),
      checkAnswer({ n: 4, mean: 3, top: 7, values: [1, 2, 2, 7], distinct: 3, approx: 3 }),
    );
  });
});
