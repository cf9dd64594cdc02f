/**
 * Your turn: write the query, then predict what each output mode emits (README, steps 3-4), and
 * check with `npm run workshop -- verify 2`. `npm run workshop -- run 2` runs all three modes live.
 *
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
  // TODO: 10-minute windows, and a 5-minute watermark on ts (withWatermark before groupBy).
  return sightings.groupBy(window('ts', '1 minute'), 'animal').count();
}

/**
 * What each mode emits after each of the four input batches of the README, one string per row:
 * `'<window start>-<window end> <animal> <count>'`. In complete mode: the whole table.
 */
export const emitted: Record<OutputMode, string[][]> = {
  // TODO: one list per input batch, e.g. ['12:00-12:10 dog 2', '12:00-12:10 cat 1']; [] when nothing is emitted.
  append: [[], [], [], []],
  update: [[], [], [], []],
  complete: [[], [], [], []],
};
