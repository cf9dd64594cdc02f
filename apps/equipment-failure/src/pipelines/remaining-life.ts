/**
 * Pipeline 4a, remaining useful life from the degradation trend. Concept: arbitrary state per
 * machine. Each machine keeps its sensors' latest baseline scores and, per degradation mode, the
 * indicator's recent history; every statistics window it fits the trend of each mode and reports
 * the shortest remaining life among the modes whose second sensor corroborates the first (a lone
 * sensor moving is a sensor problem, see `sensor-health.ts`). After a repair the indicators fall
 * back to 0, the fitted slope turns negative and the mode drops out on its own.
 */
import type { GroupState, Stream } from '@streamlab/core';
import type { Sensor } from '../domain/catalog.js';
import { corroborated, indicators, PREDICTABLE_MODES, type PredictableMode, type Scores } from '../domain/diagnosis.js';
import { fitTrend } from '../domain/trend.js';
import type { BaselineScore } from './anomaly-baseline.js';

/** Windows of history a trend is fitted on (one a minute with the default statistics). */
export const TREND_POINTS = 20;

interface Health {
  scores: Scores;
  /** Per mode: times and indicator values, oldest first, at most TREND_POINTS. */
  history: Record<PredictableMode, { t: number[]; x: number[] }>;
}

/** The machine's health after one statistics window. */
export interface RemainingLife {
  machineId: string;
  eventTime: number;
  /** The mode with the shortest corroborated remaining life, or null when healthy. */
  mode: PredictableMode | null;
  /** Its indicator (0 healthy, 1 failure threshold) and its slope per hour. */
  indicator: number;
  slopePerHour: number;
  /** Remaining useful life in ms; null when no corroborated mode is degrading. */
  rulMs: number | null;
}

const emptyHistory = () => Object.fromEntries(PREDICTABLE_MODES.map((m) => [m, { t: [], x: [] }])) as unknown as Health['history'];

/**
 * One machine's remaining life after each of its statistics windows.
 *
 * @example
 * assess('P1-L1-M01', scores, state);
 */
export function assess(machineId: string, rows: BaselineScore[], state: GroupState<Health>): RemainingLife[] {
  const h = state.getOption() ?? { scores: {}, history: emptyHistory() };
  const out: RemainingLife[] = [];
  rows.sort((a, b) => a.eventTime - b.eventTime);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (r.ratio !== null && r.delta !== null) h.scores[r.sensor as Sensor] = { ratio: r.ratio, delta: r.delta };
    // a window's sensors arrive together: assess once, after its last row
    if (rows[i + 1]?.eventTime === r.eventTime) continue;
    let best: RemainingLife = { machineId, eventTime: r.eventTime, mode: null, indicator: 0, slopePerHour: 0, rulMs: null };
    for (const ind of indicators(h.scores)) {
      const hist = h.history[ind.mode];
      if (hist.t.at(-1) !== r.eventTime) {
        hist.t.push(r.eventTime);
        hist.x.push(ind.x);
        if (hist.t.length > TREND_POINTS) {
          hist.t.shift();
          hist.x.shift();
        }
      }
      if (!corroborated(ind) || hist.t.length < 5) continue;
      const fit = fitTrend(hist.t, hist.x);
      if (fit.rulMs === Number.POSITIVE_INFINITY) continue;
      if (best.rulMs === null || fit.rulMs < best.rulMs)
        best = { machineId, eventTime: r.eventTime, mode: ind.mode, indicator: fit.level, slopePerHour: fit.slopePerHour, rulMs: fit.rulMs };
    }
    out.push(best);
  }
  state.update(h);
  return out;
}

/**
 * Remaining life per machine and statistics window (append).
 *
 * @example
 * remainingLife(baselineScores(sensorStats(readings, carries), options));
 */
export function remainingLife(scores: Stream<BaselineScore>): Stream<RemainingLife> {
  return scores.groupByKey((s) => s.machineId).flatMapGroupsWithState(assess, { outputMode: 'append', timeout: 'none' });
}
