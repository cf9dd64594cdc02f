/**
 * The API example, run as written on the system clock (the processing-time trigger makes
 * processAllAvailable wait for the next 1-second boundary for the no-data batch), so the docs cannot rot.
 */
import { pino } from 'pino';
import { expect, it } from 'vitest';
import { count, MemoryStream, StreamingSession, window, type Logger } from './index.js';

it('the @streamlab/core example runs and gives Spark-shaped progress', async () => {
  const session = new StreamingSession({ logger: pino({ level: 'silent' }) as unknown as Logger });
  const words = new MemoryStream<{ ts: number; word: string }>();
  const counts = words
    .toStream()
    .withWatermark('ts', '10 minutes')
    .groupBy(window('ts', '10 minutes', '5 minutes'), 'word')
    .agg({ count: count() }); // rows: { window: { start, end }, word, count }
  const query = counts.writeStream
    .outputMode('update')
    .trigger({ processingTime: '1 second' })
    .format('memory')
    .queryName('counts')
    .option('checkpointLocation', 'memory:example')
    .session(session)
    .start();
  words.addData([{ ts: Date.parse('2021-12-01T12:07:00Z'), word: 'dog' }]);
  await query.processAllAvailable();
  expect(session.table('counts')).toEqual([
    { window: { start: Date.parse('2021-12-01T12:00:00Z'), end: Date.parse('2021-12-01T12:10:00Z') }, word: 'dog', count: 1 },
    { window: { start: Date.parse('2021-12-01T12:05:00Z'), end: Date.parse('2021-12-01T12:15:00Z') }, word: 'dog', count: 1 },
  ]);
  expect(query.recentProgress[0]).toMatchObject({ name: 'counts', numInputRows: 1, eventTime: { max: '2021-12-01T12:07:00.000Z' } });
  expect(query.lastProgress?.eventTime.watermark).toBe('2021-12-01T11:57:00.000Z');
  await query.stop();
});
