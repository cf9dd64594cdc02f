/**
 * Pipeline 2, rolling per-vital windows. Concepts: event-time tumbling windows (one value per
 * patient, vital and minute) and sliding windows (an hour, every 15 minutes) under the watermark
 * the quality stage set on the monitors' messages; in append mode a window is emitted once, final,
 * when the watermark passes its end, and its state is freed.
 *
 * Robust, because a monitor is noisy: the per-minute value is the **median** of the minute's good
 * samples (a motion spike of 230 for two seconds moves a mean by 5 and a median by nothing), and
 * only when the minute had enough of them (a minute of a probe off has no SpO2, rather than a
 * made-up one). The hourly trend is the Theil–Sen slope (the median of pairwise slopes) of the
 * minute medians in the hour: robust to the odd bad minute, in units per hour.
 *
 * The minute values run as their own query and are read back by the hourly trends, NEWS2 and the
 * trend detector (an in-process feed in the live app), each under its own watermark.
 */
import { collectList, count, median, type Stream, sum, window } from '@streamlab/core';
import type { MonitorVital } from '../domain/records.js';
import type { VitalSample } from './quality.js';

/** Good samples a minute needs for a value: about a sixth of what a connected monitor sends. */
export const MIN_SAMPLES: Readonly<Record<MonitorVital, number>> = { hr: 10, spo2: 10, rr: 2, sbp: 1, dbp: 1 };

/** One vital of one patient over one minute. */
export interface MinuteValue {
  patientId: string;
  vital: MonitorVital;
  /** The minute's end (epoch ms): when the value was current. */
  eventTime: number;
  /** Median of the good samples, or null when there were too few. */
  value: number | null;
  /** Good samples in the minute. */
  samples: number;
  /** Suspect samples in the minute (left out of the median, counted here). */
  suspect: number;
}

/**
 * Per-minute robust values.
 *
 * @example
 * minuteValues(qualitySamples(messages)).writeStream.outputMode('append').sink(sink).start();
 */
export function minuteValues(samples: Stream<VitalSample>): Stream<MinuteValue> {
  return samples
    .map((s) => ({ ...s, good: s.quality === 'ok' ? s.value : null, isSuspect: s.quality === 'suspect' ? 1 : 0 }))
    .groupBy(window('eventTime', '1 minute'), 'patientId', 'vital')
    .agg({ values: collectList('good'), suspect: sum('isSuspect'), n: count() })
    .map((w) => {
      const good: number[] = [];
      for (const v of w.values as (number | null)[]) if (v !== null) good.push(v);
      return {
        patientId: w.patientId,
        vital: w.vital,
        eventTime: w.window.end,
        value: good.length >= MIN_SAMPLES[w.vital] ? median(good) : null,
        samples: good.length,
        suspect: w.suspect ?? 0,
      };
    });
}

/** One vital of one patient over an hour (sliding every 15 minutes). */
export interface HourlyTrend {
  patientId: string;
  vital: MonitorVital;
  /** The hour's end (epoch ms). */
  eventTime: number;
  /** Median over the hour. */
  median: number | null;
  /** Theil–Sen slope of the per-minute medians, units per hour; null with fewer than 10 minutes. */
  slopePerHour: number | null;
  minutes: number;
}

/**
 * The Theil–Sen slope of `(t, v)` points, per hour (`t` in ms). Pairs closer than a minute are skipped.
 *
 * @example
 * theilSen([[0, 80], [1_800_000, 85], [3_600_000, 90]]); // 10
 */
export function theilSen(points: readonly (readonly [number, number])[]): number | null {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++)
    for (let j = i + 1; j < points.length; j++) {
      const dt = points[j]![0] - points[i]![0];
      if (Math.abs(dt) >= 60_000) slopes.push(((points[j]![1] - points[i]![1]) / dt) * 3_600_000);
    }
  return slopes.length === 0 ? null : median(slopes);
}

const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

/** How late a minute value may come (they are read back from the minute query's feed, in order, so little). */
export const MINUTE_WATERMARK = '2 minutes';

/**
 * Hourly trends from the per-minute values (a second stage: an hour of 1 Hz samples per patient
 * would be 3,600 rows of state per vital and window; an hour of minutes is 60).
 *
 * @example
 * hourlyTrends(minutes).writeStream.outputMode('append').sink(sink).start();
 */
export function hourlyTrends(minutes: Stream<MinuteValue>): Stream<HourlyTrend> {
  return minutes
    .withWatermark('eventTime', MINUTE_WATERMARK)
    .filter((m) => m.value !== null)
    .map((m) => ({ patientId: m.patientId, vital: m.vital, eventTime: m.eventTime, point: [m.eventTime, m.value as number] as const }))
    .groupBy(window('eventTime', '1 hour', '15 minutes'), 'patientId', 'vital')
    .agg({ points: collectList('point') })
    .map((w) => {
      const points = [...(w.points as (readonly [number, number])[])].sort((a, b) => a[0] - b[0]);
      return {
        patientId: w.patientId,
        vital: w.vital,
        eventTime: w.window.end,
        median: points.length > 0 ? median(points.map((p) => p[1])) : null,
        slopePerHour: points.length >= 10 ? round1(theilSen(points)) : null,
        minutes: points.length,
      };
    });
}
