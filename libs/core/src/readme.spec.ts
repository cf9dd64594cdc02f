/** The README's snippets, run as written. */
import { it } from 'vitest';
import { count, MemoryStream, window } from './index.js';
import { addData, assertOnQuery, checkNewAnswer, testStream } from './testing/index.js';

it('README: testing a windowed count in append mode', async () => {
  const words = new MemoryStream<{ ts: number; word: string }>();
  const counts = words
    .toStream()
    .withWatermark('ts', '10 minutes')
    .groupBy(window('ts', '10 minutes', '5 minutes'), 'word')
    .agg({ count: count() });
  const at = (hhmm: string) => Date.parse(`2021-12-01T${hhmm}:00Z`);
  await testStream(counts, 'append')(
    addData(words, { ts: at('12:07'), word: 'dog' }),
    checkNewAnswer(), // append: nothing is final yet
    addData(words, { ts: at('12:30'), word: 'owl' }), // watermark -> 12:20
    checkNewAnswer(
      { window: { start: at('12:00'), end: at('12:10') }, word: 'dog', count: 1 },
      { window: { start: at('12:05'), end: at('12:15') }, word: 'dog', count: 1 },
    ),
    assertOnQuery((q) => q.lastProgress?.eventTime.watermark === '2021-12-01T12:20:00.000Z'),
  );
});
