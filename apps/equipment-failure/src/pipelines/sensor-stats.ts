/**
 * Pipeline 1, per-machine, per-sensor sliding-window statistics. Concept: a sliding event-time
 * window with a watermark. Each gateway record becomes one sample per sensor the machine carries
 * (a sensor that dropped out gives a sample without a value, so its gaps are counted); samples
 * are grouped per machine and sensor into windows of 5 minutes every minute. Only running
 * machines are measured: an idle machine's sensors read rest values, which are not its health.
 * In append mode each window is emitted once, final, when the watermark passes its end; later
 * samples go to the `late` side output and are counted.
 */
import { avg, count, type LateRecord, max, min, type Sink, type Stream, sum, window } from '@streamlab/core';
import { type Sensor, SENSORS } from '../domain/catalog.js';
import type { Reading } from '../domain/reading.js';
import { type PipelineOptions, pipelineOptions } from './options.js';

/** One sensor's value in one record; `value` is null when the sensor sent nothing. */
export interface SensorSample {
  machineId: string;
  sensor: Sensor;
  eventTime: number;
  value: number | null;
  /** value squared, for the window's standard deviation. */
  sq: number | null;
}

/**
 * The samples of running machines: one per sensor the record's machine carries.
 *
 * @example
 * sensorSamples(readings, carries); // { machineId: 'P1-L1-M01', sensor: 'vibration', value: 2.6, ... }
 */
export function sensorSamples(readings: Stream<Reading>, carries: (machineId: string, sensor: Sensor) => boolean): Stream<SensorSample> {
  return readings.flatMap((r) => {
    if (r.state !== 'running') return [];
    const out: SensorSample[] = [];
    for (const sensor of SENSORS) {
      const value = r[sensor];
      if (value === null && !carries(r.machineId, sensor)) continue;
      out.push({ machineId: r.machineId, sensor, eventTime: r.eventTime, value, sq: value === null ? null : value * value });
    }
    return out;
  });
}

/**
 * Statistics per machine, sensor and sliding window: samples, values present, mean, min, max and
 * standard deviation; `eventTime` is the window's end (when the statistics are complete).
 *
 * @example
 * sensorStats(readings, carries).writeStream.outputMode('append').sink(sink).start();
 */
export function sensorStats(
  readings: Stream<Reading>,
  carries: (machineId: string, sensor: Sensor) => boolean,
  o: PipelineOptions = pipelineOptions(),
  late?: Sink<LateRecord>,
) {
  return sensorSamples(readings, carries)
    .withWatermark('eventTime', o.statsWatermark, late ? { late } : {})
    .groupBy(window('eventTime', o.statsWindow, o.statsSlide), 'machineId', 'sensor')
    .agg({ samples: count(), present: count('value'), mean: avg('value'), min: min('value'), max: max('value'), sumSq: sum('sq') })
    .map((w) => {
      const n = w.present;
      const mean = w.mean ?? 0;
      // population standard deviation from the sum of squares; clamped: rounding can make it -0.0001
      const std = n > 0 ? Math.sqrt(Math.max(0, (w.sumSq ?? 0) / n - mean * mean)) : 0;
      return {
        machineId: w.machineId,
        sensor: w.sensor,
        window: w.window,
        eventTime: w.window.end,
        samples: w.samples,
        present: n,
        mean: w.mean,
        min: w.min,
        max: w.max,
        std,
      };
    });
}

/** One row of `sensorStats`. */
export type SensorStatsRow = ReturnType<typeof sensorStats> extends Stream<infer R> ? R : never;
