/**
 * Pipeline 5, the early-warning trend detector: it fires on a sustained drift of the patient's
 * own vitals away from their own baseline, before NEWS2's fixed bands reach 5. Concept:
 * `flatMapGroupsWithState` holding per-patient running statistics (exponentially weighted means
 * of the per-minute values, a slow one for the baseline and a fast one for "now").
 *
 * The drift index adds up, in clinical units, how far the fast mean has moved the wrong way from
 * the slow one: heart rate up (per 10 bpm), breathing up (per 3/min), saturation down (per 2 %),
 * systolic pressure down (per 15 mmHg). A single vital moving is rarely deterioration; sepsis,
 * bleeding and respiratory failure move several together. The index must stay over its threshold
 * for 30 minutes of event time (a walk to the bathroom lasts 15), after an hour of warm-up (a
 * baseline is not a baseline before), and the detector re-arms only once the index has settled.
 */
import type { GroupState, Stream } from '@streamlab/core';
import type { Alert } from '../domain/alert.js';
import type { MinuteValue } from './rolling.js';

export interface TrendConfig {
  /** Minutes of the fast and slow exponentially weighted means. */
  fastMinutes: number;
  slowMinutes: number;
  /** Drift index at which the detector starts counting. */
  threshold: number;
  /** How long the index must stay over the threshold. */
  sustainMs: number;
  /** Minutes of values before the baseline counts. */
  warmUpMinutes: number;
  /** The index must fall under this before the detector fires again. */
  rearmBelow: number;
}

export const TREND_DEFAULTS: TrendConfig = { fastMinutes: 15, slowMinutes: 240, threshold: 2.2, sustainMs: 30 * 60_000, warmUpMinutes: 60, rearmBelow: 1 };

type Tracked = 'hr' | 'rr' | 'spo2' | 'sbp';
/** Units of drift that count as one point, and which way is worse. */
const UNITS: Readonly<Record<Tracked, { per: number; worse: 1 | -1; label: string }>> = {
  hr: { per: 10, worse: 1, label: 'HR' },
  rr: { per: 3, worse: 1, label: 'RR' },
  spo2: { per: 2, worse: -1, label: 'SpO2' },
  sbp: { per: 15, worse: -1, label: 'SBP' },
};
const TRACKED = Object.keys(UNITS) as Tracked[];

interface Ewma {
  fast: number;
  slow: number;
  n: number;
}

interface TrendState {
  ewma: Partial<Record<Tracked, Ewma>>;
  lastMs: number;
  /** When the index went over the threshold (null: under it). */
  overSince: number | null;
  armed: boolean;
}

/**
 * The drift index of a patient's running means, and its parts.
 *
 * @example
 * driftIndex({ hr: { fast: 100, slow: 80, n: 120 } }, 60).index; // 2
 */
export function driftIndex(ewma: TrendState['ewma'], warmUp: number): { index: number; parts: string[] } {
  let index = 0;
  const parts: string[] = [];
  for (const v of TRACKED) {
    const e = ewma[v];
    if (!e || e.n < warmUp) continue;
    const u = UNITS[v];
    const drift = ((e.fast - e.slow) * u.worse) / u.per;
    if (drift <= 0) continue;
    index += drift;
    if (drift >= 0.5) parts.push(`${u.label} ${Math.round(e.slow)}→${Math.round(e.fast)}`);
  }
  return { index, parts };
}

/**
 * The per-patient detector (exported for `testGroupState`).
 *
 * @example
 * minutes.groupByKey((m) => m.patientId).flatMapGroupsWithState(trendDetector(), { outputMode: 'append', timeout: 'none' });
 */
export function trendDetector(config: TrendConfig = TREND_DEFAULTS) {
  const aFast = 1 / config.fastMinutes;
  const aSlow = 1 / config.slowMinutes;
  return (patientId: string, rows: MinuteValue[], state: GroupState<TrendState>): Alert[] => {
    const s = state.getOption() ?? { ewma: {}, lastMs: 0, overSince: null, armed: true };
    const out: Alert[] = [];
    for (const m of [...rows].sort((a, b) => a.eventTime - b.eventTime)) {
      if (m.value === null || !(m.vital in UNITS)) continue;
      const e = s.ewma[m.vital as Tracked];
      if (!e) s.ewma[m.vital as Tracked] = { fast: m.value, slow: m.value, n: 1 };
      else {
        e.n += 1;
        e.fast += aFast * (m.value - e.fast);
        // during the warm-up the baseline is the plain mean (an EWMA from one value would be that value)
        e.slow += Math.max(aSlow, 1 / e.n) * (m.value - e.slow);
      }
      if (m.vital !== 'hr') continue; // the heart rate's minute is the detector's tick
      s.lastMs = m.eventTime;
      const { index, parts } = driftIndex(s.ewma, config.warmUpMinutes);
      if (index < config.threshold) {
        s.overSince = null;
        if (index < config.rearmBelow) s.armed = true;
        continue;
      }
      s.overSince ??= m.eventTime;
      if (s.armed && m.eventTime - s.overSince >= config.sustainMs) {
        s.armed = false;
        out.push({
          alertId: `${patientId}:trend:${m.eventTime}`,
          patientId,
          eventTime: m.eventTime,
          kind: 'trend',
          level: 'early-warning',
          severity: 'low',
          total: null,
          reason: `Early warning: sustained drift from own baseline for ${Math.round((m.eventTime - s.overSince) / 60_000)} min (index ${index.toFixed(1)}) — ${parts.join(' · ')}`,
        });
      }
    }
    state.update(s);
    return out;
  };
}

/**
 * Early-warning alerts from the per-minute values.
 *
 * @example
 * trendAlerts(minutes).writeStream.outputMode('append').sink(alertsSink).start();
 */
export function trendAlerts(minutes: Stream<MinuteValue>, config: TrendConfig = TREND_DEFAULTS): Stream<Alert> {
  return minutes.groupByKey((m) => m.patientId).flatMapGroupsWithState(trendDetector(config), { outputMode: 'append', timeout: 'none' });
}
