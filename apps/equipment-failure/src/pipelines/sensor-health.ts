/**
 * Pipeline 6, sensor health. Concept: arbitrary state per machine, across its sensors. A sensor
 * can fail while the machine is fine: stuck at one value (a real signal always has noise), drifting
 * (it moves away from its baseline while the sensors physically coupled to it do not follow),
 * dropping out (its values are missing), or spiking (isolated outliers far from a normal mean).
 * Each sensor's status is reported when it changes, so the plant floor can show "check the
 * sensor" instead of "stop the machine"; the work-order pipeline independently refuses modes that
 * only one sensor supports.
 */
import type { GroupState, Stream } from '@streamlab/core';
import type { Sensor } from '../domain/catalog.js';
import { corroborated, indicators, type Scores } from '../domain/diagnosis.js';
import type { BaselineScore } from './anomaly-baseline.js';

export const SENSOR_STATUSES = ['ok', 'stuck', 'drift', 'dropout', 'spikes'] as const;
export type SensorStatus = (typeof SENSOR_STATUSES)[number];

/** Windows in a row a lone deviation must last to be called a drift (a blip is not). */
export const DRIFT_WINDOWS = 10;

interface SensorsState {
  status: Partial<Record<Sensor, { status: SensorStatus; since: number }>>;
  /** Per sensor, consecutive windows of uncorroborated deviation. */
  lone: Partial<Record<Sensor, number>>;
  scores: Scores;
}

export interface SensorHealth {
  machineId: string;
  sensor: Sensor;
  status: SensorStatus;
  /** Event time the status began. */
  since: number;
  eventTime: number;
}

/** Whether a sensor sits noticeably off its baseline (°C absolute for temperature, relative for the others). */
const deviates = (s: BaselineScore) => (s.sensor === 'bearingTemp' ? Math.abs(s.delta ?? 0) > 4 : Math.abs((s.ratio ?? 1) - 1) > 0.1);

/**
 * The status one window shows for one sensor, before the drift rule (which needs history).
 *
 * @example
 * windowStatus({ samples: 60, present: 60, std: 0, ... }); // 'stuck'
 */
export function windowStatus(s: BaselineScore): Exclude<SensorStatus, 'drift'> {
  if (s.samples > 0 && s.present < s.samples / 2) return 'dropout';
  if (s.present >= 3 && s.std === 0) return 'stuck';
  const normalMean = s.ratio !== null && Math.abs(s.ratio - 1) < 0.15;
  if (normalMean && s.max - s.mean > 0.5 * Math.abs(s.mean)) return 'spikes';
  return 'ok';
}

/**
 * One machine's sensor statuses after its windows; emits only changes.
 *
 * @example
 * classify('P1-L1-M01', rows, state);
 */
export function classify(machineId: string, rows: BaselineScore[], state: GroupState<SensorsState>): SensorHealth[] {
  const st = state.getOption() ?? { status: {}, lone: {}, scores: {} };
  const out: SensorHealth[] = [];
  rows.sort((a, b) => a.eventTime - b.eventTime);
  for (const r of rows) if (r.ratio !== null && r.delta !== null) st.scores[r.sensor] = { ratio: r.ratio, delta: r.delta };
  // sensors a corroborated degradation explains are not drifting: the machine is
  const explained = new Set<Sensor>();
  for (const i of indicators(st.scores)) {
    if (corroborated(i)) {
      explained.add(i.primary);
      explained.add(i.secondary);
    }
  }
  for (const r of rows) {
    let status: SensorStatus = windowStatus(r);
    const lone = status === 'ok' && r.ratio !== null && deviates(r) && !explained.has(r.sensor) ? (st.lone[r.sensor] ?? 0) + 1 : 0;
    st.lone[r.sensor] = lone;
    if (lone >= DRIFT_WINDOWS) status = 'drift';
    const prev = st.status[r.sensor];
    if (prev?.status === status || (prev === undefined && status === 'ok')) continue;
    st.status[r.sensor] = { status, since: r.eventTime };
    out.push({ machineId, sensor: r.sensor, status, since: r.eventTime, eventTime: r.eventTime });
  }
  state.update(st);
  return out;
}

/**
 * Sensor status changes per machine and sensor (append).
 *
 * @example
 * sensorHealth(baselineScores(stats, options));
 */
export function sensorHealth(scores: Stream<BaselineScore>): Stream<SensorHealth> {
  return scores.groupByKey((s) => s.machineId).flatMapGroupsWithState(classify, { outputMode: 'append', timeout: 'none' });
}
