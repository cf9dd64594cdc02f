/**
 * From a machine's sensors, scored against its own baseline, to what is wrong with it. Each
 * degradation mode moves a primary sensor and, physically, a second one: a worn bearing vibrates
 * and heats; a failing cooling circuit heats and draws more power; a leaking seal loses pressure
 * and the pump works harder; an electrical fault spikes the current and with it the power. A
 * faulty sensor moves alone. That is the whole trick that keeps sensor faults from raising
 * machine work orders: a mode counts only when its second sensor corroborates it.
 */
import type { Sensor } from './catalog.js';

/** One sensor's latest window against the machine's baseline. */
export interface SensorScore {
  /** mean / baseline (1: as usual). */
  ratio: number;
  /** mean - baseline, in the sensor's unit. */
  delta: number;
}

export type Scores = Partial<Record<Sensor, SensorScore>>;

/** The predictable modes the pipelines diagnose. */
export const PREDICTABLE_MODES = ['bearing-wear', 'cooling-failure', 'seal-leak', 'electrical-fault'] as const;
export type PredictableMode = (typeof PREDICTABLE_MODES)[number];

/** A mode's degradation indicator: 0 healthy, 1 at the failure threshold, and its corroboration. */
export interface Indicator {
  mode: PredictableMode;
  /** Primary sensor's deviation over the deviation at which the machine fails. */
  x: number;
  /** The second sensor's deviation on the same scale. */
  corroboration: number;
  primary: Sensor;
  secondary: Sensor;
}

/** Deviations at which a machine fails, per mode (the maintenance handbook's thresholds). */
export const FAILURE_AT = {
  /** vibration x4 its baseline (ISO 10816 zone D for these machine classes) */
  vibrationRatio: 4,
  /** bearing temperature +35 °C over its running baseline */
  coolingDeltaC: 35,
  /** a worn bearing heats by ~10 °C as it approaches failure */
  bearingDeltaC: 10,
  /** 40 % of the pressure lost */
  pressureLoss: 0.4,
  /** mean current +40 % from the spikes of a failing winding or contactor */
  currentRise: 0.4,
} as const;

const rel = (s: SensorScore | undefined) => (s === undefined ? Number.NaN : s.ratio - 1);

/**
 * The indicator of every mode the machine's sensors can show.
 *
 * @example
 * indicators({ vibration: { ratio: 2.2, delta: 3 }, bearingTemp: { ratio: 1.07, delta: 4 } })[0]; // { mode: 'bearing-wear', x: 0.4, corroboration: 0.4, ... }
 */
export function indicators(s: Scores): Indicator[] {
  const out: Indicator[] = [];
  const push = (mode: PredictableMode, primary: Sensor, secondary: Sensor, x: number, corroboration: number) => {
    if (x === x && corroboration === corroboration) out.push({ mode, x, corroboration, primary, secondary });
  };
  push(
    'bearing-wear',
    'vibration',
    'bearingTemp',
    rel(s.vibration) / (FAILURE_AT.vibrationRatio - 1),
    (s.bearingTemp?.delta ?? Number.NaN) / FAILURE_AT.bearingDeltaC,
  );
  push('cooling-failure', 'bearingTemp', 'power', (s.bearingTemp?.delta ?? Number.NaN) / FAILURE_AT.coolingDeltaC, rel(s.power) / 0.1);
  push('seal-leak', 'pressure', 'power', -rel(s.pressure) / FAILURE_AT.pressureLoss, rel(s.power) / 0.08);
  push('electrical-fault', 'current', 'power', rel(s.current) / FAILURE_AT.currentRise, rel(s.power) / (FAILURE_AT.currentRise * 0.6));
  return out;
}

/** Below this an indicator is noise; a mode is considered from here. */
export const INDICATOR_FLOOR = 0.12;

/**
 * Whether the second sensor backs the primary one: it moved the same way, by at least a third of
 * what the mode predicts (a generous margin: the physics of a real machine is not this clean).
 *
 * @example
 * corroborated({ x: 0.4, corroboration: 0.3 }); // true
 * corroborated({ x: 0.4, corroboration: 0.02 }); // false: the primary sensor moved alone
 */
export function corroborated(i: Pick<Indicator, 'x' | 'corroboration'>): boolean {
  return i.x >= INDICATOR_FLOOR && i.corroboration >= Math.max(0.06, i.x / 3);
}
