/**
 * Your turn: slide the windows, route late rows to the late sink, count what the watermark drops,
 * and say which late rows still count (README). `npm run workshop -- verify 3` checks.
 *
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
  // TODO: windows of 10 minutes sliding every 5 minutes (window's third argument).
  // TODO: send dropped rows to `late`: withWatermark's third argument, { late }.
  void late;
  return sightings.withWatermark('ts', '10 minutes').groupBy(window('ts', '10 minutes'), 'animal').count();
}

/**
 * Spark's count of late rows: `numRowsDroppedByWatermark` of every stateful operator, summed over
 * the query's recent progress (one progress per batch).
 */
export function droppedByWatermark(query: StreamingQuery): number {
  // TODO: add up numRowsDroppedByWatermark of each stateOperators entry of each query.recentProgress.
  void query;
  return 0;
}

/**
 * For each sighting that arrived behind the newest one (README, step 4): the windows it still
 * counts in, as `'12:05-12:15'`; `[]` when the watermark dropped it from both of its windows.
 */
export const stillCounts: Record<string, string[]> = {
  // TODO: the windows each of these late sightings still counts in, e.g. ['12:05-12:15'], or [].
  's-3': [],
  's-4': [],
  's-5': [],
  's-8': [],
  's-9': [],
};
