/**
 * Spark's programming guide, "Handling Late Data and Watermarking": 10-minute windows sliding
 * every 5 minutes, a 10-minute watermark, and the dog/owl/cat/donkey rows, batch by batch, in
 * update and append modes, with the guide's result tables and watermarks.
 */
import { describe, it } from 'vitest';
import { count, MemoryStream, window } from '../index.js';
import { addData, assertOnQuery, checkNewAnswer, testStream } from '../testing/index.js';

type Word = { timestamp: string; word: string };
const at = (hhmm: string): string => `2021-12-01T${hhmm}:00Z`;
const w = (start: string, end: string) => ({ start: Date.parse(at(start)), end: Date.parse(at(end)) });
const row = (start: string, end: string, word: string, n: number) => ({ window: w(start, end), word, count: n });
const watermarkIs = (hhmm: string) =>
  assertOnQuery((q) => q.lastProgress?.eventTime.watermark === new Date(at(hhmm)).toISOString(), `watermark used by the last batch is ${hhmm}`);

function windowedCounts(words: MemoryStream<Word>) {
  return words
    .toStream()
    .withWatermark('timestamp', '10 minutes')
    .groupBy(window('timestamp', '10 minutes', '5 minutes'), 'word')
    .agg({ count: count() });
}

const t1 = [
  { timestamp: at('12:07'), word: 'dog' },
  { timestamp: at('12:08'), word: 'owl' },
];
const t2 = [
  { timestamp: at('12:14'), word: 'dog' },
  { timestamp: at('12:09'), word: 'cat' },
];
const t3 = [
  { timestamp: at('12:15'), word: 'cat' },
  { timestamp: at('12:08'), word: 'dog' },
  { timestamp: at('12:13'), word: 'owl' },
  { timestamp: at('12:21'), word: 'owl' },
];
const t4 = [
  { timestamp: at('12:04'), word: 'donkey' },
  { timestamp: at('12:17'), word: 'owl' },
];

describe('Spark guide: windowed word count with a 10-minute watermark', () => {
  it('update mode: updated counts after every trigger; (12:04, donkey) is too late once the watermark is 12:11', async () => {
    const words = new MemoryStream<Word>();
    await testStream(windowedCounts(words), 'update')(
      addData(words, t1),
      checkNewAnswer(row('12:00', '12:10', 'dog', 1), row('12:05', '12:15', 'dog', 1), row('12:00', '12:10', 'owl', 1), row('12:05', '12:15', 'owl', 1)),
      watermarkIs('11:58'),
      addData(words, t2),
      checkNewAnswer(row('12:10', '12:20', 'dog', 1), row('12:05', '12:15', 'dog', 2), row('12:00', '12:10', 'cat', 1), row('12:05', '12:15', 'cat', 1)),
      watermarkIs('12:04'),
      addData(words, t3),
      checkNewAnswer(
        row('12:00', '12:10', 'dog', 2),
        row('12:05', '12:15', 'dog', 3),
        row('12:05', '12:15', 'owl', 2),
        row('12:10', '12:20', 'owl', 1),
        row('12:10', '12:20', 'cat', 1),
        row('12:15', '12:25', 'cat', 1),
        row('12:15', '12:25', 'owl', 1),
        row('12:20', '12:30', 'owl', 1),
      ),
      watermarkIs('12:11'),
      addData(words, t4),
      checkNewAnswer(row('12:10', '12:20', 'owl', 2), row('12:15', '12:25', 'owl', 2)),
      watermarkIs('12:11'),
      assertOnQuery((q) => q.lastProgress?.stateOperators[0]?.numRowsDroppedByWatermark === 2, 'donkey dropped from both its windows'),
    );
  });

  it('append mode: only final counts, window 12:00-12:10 appended once the watermark is 12:11', async () => {
    const words = new MemoryStream<Word>();
    await testStream(windowedCounts(words), 'append')(
      addData(words, t1),
      checkNewAnswer(),
      watermarkIs('11:58'),
      addData(words, t2),
      checkNewAnswer(),
      watermarkIs('12:04'),
      addData(words, t3),
      // (12:21, owl) moves the watermark to 12:11: the no-data batch that follows closes 12:00-12:10
      // before processAllAvailable() returns.
      checkNewAnswer(row('12:00', '12:10', 'dog', 2), row('12:00', '12:10', 'owl', 1), row('12:00', '12:10', 'cat', 1)),
      watermarkIs('12:11'),
      assertOnQuery((q) => q.lastProgress?.numInputRows === 0, 'the last batch was a no-data batch'),
      addData(words, t4),
      checkNewAnswer(),
      assertOnQuery((q) => q.lastProgress?.stateOperators[0]?.numRowsDroppedByWatermark === 2, 'donkey dropped from both its windows'),
    );
  });
});
