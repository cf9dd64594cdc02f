/**
 * Pipeline 2a, anomaly scores against each machine's own learned baseline. Concept: arbitrary
 * state (`flatMapGroupsWithState`). Two machines of one model differ by a few percent, more than
 * an early fault moves a sensor, so each (machine, sensor) learns its own level from its first
 * running windows and then keeps it: a baseline that kept learning would learn the slow
 * degradation it is there to reveal. Each statistics window leaves with its score: the ratio and
 * difference to the baseline, and a z-score against the spread seen while learning.
 */
import type { GroupState, Stream } from '@streamlab/core';
import type { Sensor } from '../domain/catalog.js';
import type { PipelineOptions } from './options.js';
import type { SensorStatsRow } from './sensor-stats.js';

interface Baseline {
  windows: number;
  sum: number;
  sumSq: number;
  /** Set once learned: the mean and spread of the window means. */
  mean: number | null;
  std: number;
}

export interface BaselineScore {
  machineId: string;
  sensor: Sensor;
  eventTime: number;
  mean: number;
  max: number;
  std: number;
  samples: number;
  present: number;
  baseline: number | null;
  /** mean / baseline, mean - baseline, (mean - baseline) / spread; null while learning. */
  ratio: number | null;
  delta: number | null;
  z: number | null;
}

/** Spread floor, relative to the level: a very steady sensor must not make every wobble 10 sigma. */
const MIN_REL_STD = 0.005;

/**
 * Scores one (machine, sensor)'s windows, in event-time order, learning its baseline first.
 *
 * @example
 * scoreWindows(['P1-L1-M01', 'vibration'], rows, state, 5);
 */
export function scoreWindows(key: readonly [string, Sensor], rows: SensorStatsRow[], state: GroupState<Baseline>, learnWindows: number): BaselineScore[] {
  const b = state.getOption() ?? { windows: 0, sum: 0, sumSq: 0, mean: null, std: 0 };
  const out: BaselineScore[] = [];
  for (const w of rows.sort((a, c) => a.eventTime - c.eventTime)) {
    if (w.mean === null || w.max === null) {
      out.push({
        machineId: key[0],
        sensor: key[1],
        eventTime: w.eventTime,
        mean: Number.NaN,
        max: Number.NaN,
        std: 0,
        samples: w.samples,
        present: 0,
        baseline: b.mean,
        ratio: null,
        delta: null,
        z: null,
      });
      continue;
    }
    if (b.mean === null && w.std > 0) {
      // a window without spread is a stuck sensor, not the machine's level: it is not learned
      b.windows += 1;
      b.sum += w.mean;
      b.sumSq += w.mean * w.mean;
      if (b.windows >= learnWindows) {
        b.mean = b.sum / b.windows;
        b.std = Math.max(Math.sqrt(Math.max(0, b.sumSq / b.windows - b.mean * b.mean)), Math.abs(b.mean) * MIN_REL_STD);
      }
    }
    const learned = b.mean !== null && b.mean !== 0;
    out.push({
      machineId: key[0],
      sensor: key[1],
      eventTime: w.eventTime,
      mean: w.mean,
      max: w.max,
      std: w.std,
      samples: w.samples,
      present: w.present,
      baseline: b.mean,
      ratio: learned ? w.mean / b.mean! : null,
      delta: learned ? w.mean - b.mean! : null,
      z: learned ? (w.mean - b.mean!) / b.std : null,
    });
  }
  state.update(b);
  return out;
}

/**
 * Baseline scores of every statistics window (append: each window once).
 *
 * @example
 * baselineScores(sensorStats(readings, carries), options);
 */
export function baselineScores(stats: Stream<SensorStatsRow>, o: Pick<PipelineOptions, 'baselineWindows'>): Stream<BaselineScore> {
  return stats
    .groupByKey((r) => [r.machineId, r.sensor] as const)
    .flatMapGroupsWithState(
      (key: readonly [string, Sensor], rows: SensorStatsRow[], state: GroupState<Baseline>) => scoreWindows(key, rows, state, o.baselineWindows),
      {
        outputMode: 'append',
        timeout: 'none',
      },
    );
}
