/**
 * Exercise 3, watermarks and late data: sliding windows, the rows the watermark drops (sent to a
 * late sink and counted), and which late rows still count.
 */
import { type LateRecord, type Sink, type Stream, type StreamingQuery, type Window, window } from '@streamlab/core';
import type { Sighting } from '../../src/sightings.js';

export type WindowCount = { window: Window; animal: string; count: number };

/**
 * `withWatermark("ts", "10 minutes").groupBy(window("ts", "10 minutes", "5 minutes"), "animal").count()`:
 * 10-minute windows starting every 5 minutes, so each sighting falls in two windows. Rows the
 * watermark drops go to `late` (a StreamLab extension: Spark only counts them).
 */
export function slidingCounts(sightings: Stream<Sighting>, late: Sink<LateRecord<Sighting>>): Stream<WindowCount> {
  return sightings
    .withWatermark('ts', '10 minutes', { late })
    .groupBy(window('ts', '10 minutes', '5 minutes'), 'animal')
    .count();
}

/**
 * Spark's count of late rows: `numRowsDroppedByWatermark` of every stateful operator, summed over
 * the query's recent progress (one progress per batch).
 */
export function droppedByWatermark(query: StreamingQuery): number {
  let dropped = 0;
  for (const p of query.recentProgress) for (const op of p.stateOperators) dropped += op.numRowsDroppedByWatermark;
  return dropped;
}

/**
 * For each sighting that arrived behind the newest one (README, step 4): the windows it still
 * counts in, as `'12:05-12:15'`; `[]` when the watermark dropped it from both of its windows.
 */
export const stillCounts: Record<string, string[]> = {
  's-3': [], // 12:04: both windows (11:55-12:05, 12:00-12:10) ended before the watermark 12:11
  's-4': ['12:05-12:15'], // 12:08: late for 12:00-12:10, but 12:05-12:15 is still open
  's-5': ['12:05-12:15', '12:10-12:20'], // 12:12: 9 minutes behind the max, less than the delay: never late
  's-8': ['12:05-12:15', '12:10-12:20'], // 12:10: both windows end after 12:11
  's-9': [], // 12:18: the watermark is 12:30 by then; both windows ended
};
