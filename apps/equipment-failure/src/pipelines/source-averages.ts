/**
 * The streaming query. Concept: an event-time tumbling window with a watermark. Readings are
 * grouped per source into 10-second windows of their event time; the watermark (newest event
 * time minus 10 s) says when a window can no longer change, so late readings are dropped and the
 * window's state is freed. In append mode a window is emitted once, final, when the watermark
 * passes its end (the alerts); in update mode it is emitted at every change (the dashboard).
 * YOUR QUERIES GO HERE: one concept per file, each with `testStream` tests beside it.
 */
import { avg, count, window, type Stream } from '@streamlab/core';
import type { Reading } from '../domain/reading.js';
import { highAverage, type Alert, type HighAverageConfig } from '../domain/rules/high-average.js';

/** How far behind the newest event time a reading may arrive and still count. */
export const WATERMARK_DELAY = '10 seconds';
export const WINDOW_SIZE = '10 seconds';

/**
 * Readings and average value per source per 10-second window.
 *
 * @example
 * sourceAverages(readings).writeStream.outputMode('update').sink(sink).start();
 */
export function sourceAverages(readings: Stream<Reading>) {
  return readings
    .withWatermark('eventTime', WATERMARK_DELAY)
    .groupBy(window('eventTime', WINDOW_SIZE), 'sourceId')
    .agg({ readings: count(), avgValue: avg('value') });
}

/**
 * The rule over every finished window: run it in append mode, so each alert is final.
 *
 * @example
 * highAverageAlerts(readings).writeStream.outputMode('append').sink(sink).start();
 */
export function highAverageAlerts(readings: Stream<Reading>, config?: HighAverageConfig): Stream<Alert> {
  return sourceAverages(readings).flatMap((w) => {
    const alert = highAverage(w, config);
    return alert ? [alert] : [];
  });
}
