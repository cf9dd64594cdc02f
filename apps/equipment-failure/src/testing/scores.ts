/** Baseline-score rows for the specs of the pipelines that read them. */
import type { Sensor } from '../domain/catalog.js';
import type { BaselineScore } from '../pipelines/anomaly-baseline.js';
import { M, MILL, T0 } from './fixtures.js';

/** A scored window of `sensor` at minute `k`, `ratio` x its baseline `base`. */
export function score(k: number, sensor: Sensor, ratio: number, base: number, over: Partial<BaselineScore> = {}): BaselineScore {
  const mean = base * ratio;
  return {
    machineId: MILL,
    sensor,
    eventTime: T0 + k * M,
    mean,
    max: mean * 1.05,
    std: base * 0.02,
    samples: 30,
    present: 30,
    baseline: base,
    ratio,
    delta: mean - base,
    z: (mean - base) / (base * 0.01),
    ...over,
  };
}

/** A window where every sensor of a mill is at its baseline, except the given ratios. */
export function millWindow(k: number, ratios: Partial<Record<Sensor, number>> = {}, over: Partial<BaselineScore> = {}): BaselineScore[] {
  const bases: Partial<Record<Sensor, number>> = { vibration: 2.5, bearingTemp: 55, current: 22, rpm: 8_100, power: 15 };
  return Object.entries(bases).map(([s, b]) => score(k, s as Sensor, ratios[s as Sensor] ?? 1, b, over));
}
