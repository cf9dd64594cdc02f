/**
 * NEWS2, the Royal College of Physicians' National Early Warning Score 2 (2017), as a pure
 * function of seven parameters. The bands are data (one table per parameter, copied from the
 * RCP chart), so the spec can hold them against the published table line by line.
 *
 * Values are rounded to the chart's resolution before banding (whole breaths, beats, mmHg and
 * percent; temperature to 0.1 °C): the chart has no band for 20.5 breaths/min, and a per-minute
 * median of 20 and 21 must land in one band, the one a nurse would chart.
 */

/** The seven NEWS2 parameters (`o2`: air or supplemental oxygen). */
export type Param = 'rr' | 'spo2' | 'o2' | 'sbp' | 'hr' | 'acvpu' | 'temp';
export const PARAMS: readonly Param[] = ['rr', 'spo2', 'o2', 'sbp', 'hr', 'acvpu', 'temp'];

/** ACVPU: Alert, new Confusion, responds to Voice, to Pain, Unresponsive. */
export type Acvpu = 'A' | 'C' | 'V' | 'P' | 'U';
export const ACVPU: readonly Acvpu[] = ['A', 'C', 'V', 'P', 'U'];

/** SpO2 scale 1 for most patients; scale 2 for hypercapnic respiratory failure (e.g. COPD), target 88–92 %. */
export type Spo2Scale = 1 | 2;

/** One band: values from `min` to `max` inclusive (chart resolution) score `points`. */
export interface Band {
  min: number;
  max: number;
  points: number;
}

const INF = Number.POSITIVE_INFINITY;

/** The RCP 2017 chart, parameter by parameter. */
export const BANDS = {
  rr: [
    { min: -INF, max: 8, points: 3 },
    { min: 9, max: 11, points: 1 },
    { min: 12, max: 20, points: 0 },
    { min: 21, max: 24, points: 2 },
    { min: 25, max: INF, points: 3 },
  ],
  spo2Scale1: [
    { min: -INF, max: 91, points: 3 },
    { min: 92, max: 93, points: 2 },
    { min: 94, max: 95, points: 1 },
    { min: 96, max: INF, points: 0 },
  ],
  /** Scale 2 below 88 %, and 88 % or more on air. */
  spo2Scale2: [
    { min: -INF, max: 83, points: 3 },
    { min: 84, max: 85, points: 2 },
    { min: 86, max: 87, points: 1 },
    { min: 88, max: INF, points: 0 },
  ],
  /** Scale 2 from 88 % on oxygen: over-oxygenation of a patient at risk of hypercapnia scores. */
  spo2Scale2OnOxygen: [
    { min: 88, max: 92, points: 0 },
    { min: 93, max: 94, points: 1 },
    { min: 95, max: 96, points: 2 },
    { min: 97, max: INF, points: 3 },
  ],
  sbp: [
    { min: -INF, max: 90, points: 3 },
    { min: 91, max: 100, points: 2 },
    { min: 101, max: 110, points: 1 },
    { min: 111, max: 219, points: 0 },
    { min: 220, max: INF, points: 3 },
  ],
  hr: [
    { min: -INF, max: 40, points: 3 },
    { min: 41, max: 50, points: 1 },
    { min: 51, max: 90, points: 0 },
    { min: 91, max: 110, points: 1 },
    { min: 111, max: 130, points: 2 },
    { min: 131, max: INF, points: 3 },
  ],
  temp: [
    { min: -INF, max: 35.0, points: 3 },
    { min: 35.1, max: 36.0, points: 1 },
    { min: 36.1, max: 38.0, points: 0 },
    { min: 38.1, max: 39.0, points: 1 },
    { min: 39.1, max: INF, points: 2 },
  ],
} as const satisfies Record<string, readonly Band[]>;

function band(bands: readonly Band[], v: number): number {
  for (const b of bands) if (v >= b.min && v <= b.max) return b.points;
  // unreachable at chart resolution: every table covers -inf..inf without holes (the spec proves it)
  throw new RangeError(`no NEWS2 band for ${v}`);
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/** Where SpO2 is scored: the patient's scale (admissions table) and the current air/oxygen status. */
export interface Spo2Context {
  scale: Spo2Scale;
  onOxygen: boolean;
}

/**
 * Points of SpO2 on the patient's scale.
 *
 * @example
 * spo2Points(95, { scale: 1, onOxygen: false }); // 1
 * spo2Points(95, { scale: 2, onOxygen: true }); // 2: over-oxygenated on scale 2
 * spo2Points(95, { scale: 2, onOxygen: false }); // 0
 */
export function spo2Points(value: number, ctx: Spo2Context): number {
  const v = Math.round(value);
  if (ctx.scale === 1) return band(BANDS.spo2Scale1, v);
  if (ctx.onOxygen && v >= 88) return band(BANDS.spo2Scale2OnOxygen, v);
  return band(BANDS.spo2Scale2, v);
}

/**
 * Points of a numeric parameter (SpO2 has {@link spo2Points}).
 *
 * @example
 * numericPoints('rr', 22); // 2
 * numericPoints('temp', 38.05); // 1 (charted as 38.1)
 */
export function numericPoints(param: 'rr' | 'sbp' | 'hr' | 'temp', value: number): number {
  if (param === 'temp') return band(BANDS.temp, round1(value));
  return band(BANDS[param], Math.round(value));
}

/** @example acvpuPoints('C'); // 3: new confusion scores as much as unresponsiveness */
export function acvpuPoints(level: Acvpu): number {
  return level === 'A' ? 0 : 3;
}

/** @example oxygenPoints(true); // 2 */
export function oxygenPoints(onOxygen: boolean): number {
  return onOxygen ? 2 : 0;
}

/** What one parameter contributes, and why it may not. */
export type ParamStatus = 'ok' | 'missing' | 'stale';

export interface ParamScore {
  param: Param;
  status: ParamStatus;
  /** The value scored (the latest within its validity), or the last known one when stale, or null. */
  value: number | string | boolean | null;
  /** Points, or null when the parameter is missing or stale. */
  points: number | null;
  /** Event time of the value (epoch ms), or null when never seen. */
  atMs: number | null;
}

/**
 * Clinical risk (RCP 2017, chart 2): low (1–4), low–medium (3 in a single parameter: an urgent
 * ward-based response), medium (5–6: the key threshold for an urgent response), high (≥ 7: an
 * emergency response). `none`: a total of 0.
 */
export type Risk = 'none' | 'low' | 'low-medium' | 'medium' | 'high';
export const RISK_RANK: Readonly<Record<Risk, number>> = { none: 0, low: 1, 'low-medium': 2, medium: 3, high: 4 };

export interface News2Score {
  total: number;
  risk: Risk;
  /** True when every parameter is current: a partial total is a lower bound, never a reassurance. */
  complete: boolean;
  /** The largest single-parameter score. */
  maxSingle: number;
  params: ParamScore[];
}

/**
 * The aggregate score and its clinical risk from per-parameter scores.
 *
 * @example
 * aggregate([{ param: 'rr', status: 'ok', value: 26, points: 3, atMs: 0 }]).risk; // 'low-medium'
 */
export function aggregate(params: ParamScore[]): News2Score {
  let total = 0;
  let maxSingle = 0;
  let complete = params.length === PARAMS.length;
  for (const p of params) {
    if (p.points === null) complete = false;
    else {
      total += p.points;
      if (p.points > maxSingle) maxSingle = p.points;
    }
  }
  return { total, risk: riskOf(total, maxSingle), complete, maxSingle, params };
}

/**
 * @example
 * riskOf(4, 3); // 'low-medium'
 * riskOf(7, 2); // 'high'
 */
export function riskOf(total: number, maxSingle: number): Risk {
  if (total >= 7) return 'high';
  if (total >= 5) return 'medium';
  if (maxSingle >= 3) return 'low-medium';
  return total === 0 ? 'none' : 'low';
}
