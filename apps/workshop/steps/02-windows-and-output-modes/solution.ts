/**
 * Exercise 2, windowing and output modes: a 10-minute tumbling window count per animal with a
 * 5-minute watermark, run in append, update and complete mode, and what each mode emits per batch.
 */
import { type OutputMode, type Stream, type Window, window } from '@streamlab/core';
import type { Sighting } from '../../src/sightings.js';

export type WindowCount = { window: Window; animal: string; count: number };

/**
 * `withWatermark("ts", "5 minutes").groupBy(window("ts", "10 minutes"), "animal").count()`.
 * The watermark is what lets append mode ever emit a window (it says when a window is final) and
 * what lets update mode drop the state of old windows.
 */
export function countsPerWindow(sightings: Stream<Sighting>): Stream<WindowCount> {
  return sightings.withWatermark('ts', '5 minutes').groupBy(window('ts', '10 minutes'), 'animal').count();
}

/**
 * What each mode emits after each of the four input batches of the README, one string per row:
 * `'<window start>-<window end> <animal> <count>'`. In complete mode: the whole table.
 */
export const emitted: Record<OutputMode, string[][]> = {
  append: [
    [], // a window is emitted once, when the watermark passes its end: 12:02 passes nothing
    [], // watermark 12:07: 12:00-12:10 is still open
    ['12:00-12:10 dog 3', '12:00-12:10 cat 2'], // watermark 12:11 closes 12:00-12:10
    ['12:10-12:20 dog 1', '12:10-12:20 fox 1'], // watermark 12:21 closes 12:10-12:20; the 12:04 cat is late, dropped
  ],
  update: [
    ['12:00-12:10 dog 2', '12:00-12:10 cat 1'], // every row that changed in the batch
    ['12:00-12:10 cat 2', '12:10-12:20 dog 1'],
    // the 12:09 dog still counts: batch 2 judges late rows by batch 1's watermark, 12:07, and its window ends at 12:10
    ['12:00-12:10 dog 3', '12:10-12:20 fox 1'],
    ['12:20-12:30 dog 1'], // the 12:04 cat is late (its window ended before the watermark 12:11): dropped
  ],
  complete: [
    ['12:00-12:10 dog 2', '12:00-12:10 cat 1'], // the whole table, every batch
    ['12:00-12:10 dog 2', '12:00-12:10 cat 2', '12:10-12:20 dog 1'],
    ['12:00-12:10 dog 3', '12:00-12:10 cat 2', '12:10-12:20 dog 1', '12:10-12:20 fox 1'],
    // complete keeps every window forever, so the watermark drops nothing: the late cat counts
    ['12:00-12:10 dog 3', '12:00-12:10 cat 3', '12:10-12:20 dog 1', '12:10-12:20 fox 1', '12:20-12:30 dog 1'],
  ],
};
