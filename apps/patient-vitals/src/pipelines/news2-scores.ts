/**
 * Pipeline 3, NEWS2 per patient. Concepts: a union of two streams under their own watermarks
 * (per-minute monitor values, nurse observations), a stream-static join (the SpO2 scale from the
 * admissions table: scale 2 for hypercapnic respiratory failure), and `flatMapGroupsWithState`
 * with an event-time timeout: per patient, the latest value of each parameter and when it was
 * taken. The score uses the latest value of each parameter within its validity period; a
 * parameter never seen is `missing`, one older than its validity is `stale`, and either makes the
 * score incomplete (a lower bound), never silently lower. The timeout re-scores a patient whose
 * monitor went quiet, so the ward sees "stale" when data stops, not the last good score forever.
 */
import { type GroupState, staticTable, type Stream } from '@streamlab/core';
import type { ScaleRow } from '../domain/admission.js';
import {
  type Acvpu,
  acvpuPoints,
  aggregate,
  type News2Score,
  numericPoints,
  oxygenPoints,
  type Param,
  type ParamScore,
  PARAMS,
  type Risk,
  type Spo2Scale,
  spo2Points,
} from '../domain/news2.js';
import type { Observation } from '../domain/records.js';
import type { MinuteValue } from './rolling.js';

const MINUTE = 60_000;
/**
 * How long a value stands for the patient: continuous monitoring goes stale fast (5 min), a
 * 15-minute blood pressure cycle may miss one (35 min), a nurse's round is every 1–4 h (4.5 h).
 */
export const VALIDITY_MS: Readonly<Record<Param, number>> = {
  hr: 5 * MINUTE,
  spo2: 5 * MINUTE,
  rr: 5 * MINUTE,
  sbp: 35 * MINUTE,
  temp: 270 * MINUTE,
  acvpu: 270 * MINUTE,
  o2: 270 * MINUTE,
};
/** A patient whose score has not changed is re-emitted this often (the ward's "as of", and repeat alerts). */
export const HEARTBEAT_MS = 15 * MINUTE;
/** How late an observation may be charted and still count. */
export const OBSERVATION_WATERMARK = '10 minutes';

/** One parameter's new value. */
export interface ParamUpdate {
  patientId: string;
  param: Param;
  value: number | boolean | Acvpu;
  eventTime: number;
  /** The minute had motion artifacts (heart-rate samples flagged as motion): the patient is active. */
  motion: boolean;
}

/** Motion-flagged heart-rate samples that make a minute "active". */
export const MOTION_SAMPLES = 2;
/** A patient moved within this long is `active`: their monitor values are not resting observations. */
export const ACTIVITY_MS = 10 * MINUTE;

/** NEWS2 of one patient at `eventTime`. */
export interface News2Row {
  patientId: string;
  eventTime: number;
  total: number;
  risk: Risk;
  complete: boolean;
  maxSingle: number;
  /** Versus the score of 30–60 minutes earlier. */
  trend: 'up' | 'down' | 'steady';
  /** Parameters missing or stale, comma-separated ('' when complete). */
  gaps: string;
  spo2Scale: Spo2Scale;
  /**
   * The monitor reported motion within the last 10 minutes: NEWS2 is defined on resting
   * observations, so the escalation policy confirms such a score before alerting.
   */
  active: boolean;
  breakdown: ParamScore[];
}

interface PatientState {
  latest: Partial<Record<Param, { value: number | boolean | Acvpu; atMs: number }>>;
  scale: Spo2Scale;
  nowMs: number;
  last: { signature: string; atMs: number } | null;
  lastMotionMs: number;
  /** [time, total] of emitted scores over the last 2 h, oldest first, for the trend arrow. */
  history: [number, number][];
}

/**
 * The score of a patient's latest values at `nowMs`.
 *
 * @example
 * scoreAt({ hr: { value: 120, atMs: 0 } }, 1, 60_000).params.find((p) => p.param === 'hr')?.points; // 2
 */
export function scoreAt(latest: PatientState['latest'], scale: Spo2Scale, nowMs: number): News2Score {
  const current = (p: Param) => {
    const v = latest[p];
    return v !== undefined && nowMs - v.atMs <= VALIDITY_MS[p] ? v : undefined;
  };
  // oxygen unknown (no current round): score SpO2 as on air, the chart's default column
  const onOxygen = current('o2')?.value === true;
  const params: ParamScore[] = PARAMS.map((param) => {
    const v = latest[param];
    if (v === undefined) return { param, status: 'missing', value: null, points: null, atMs: null };
    if (current(param) === undefined) return { param, status: 'stale', value: v.value, points: null, atMs: v.atMs };
    let points: number;
    if (param === 'spo2') points = spo2Points(v.value as number, { scale, onOxygen });
    else if (param === 'o2') points = oxygenPoints(v.value as boolean);
    else if (param === 'acvpu') points = acvpuPoints(v.value as Acvpu);
    else points = numericPoints(param, v.value as number);
    return { param, status: 'ok', value: v.value, points, atMs: v.atMs };
  });
  return aggregate(params);
}

/** The row for a patient's state now, or null when nothing worth emitting changed. */
function emit(patientId: string, s: PatientState): News2Row | null {
  const score = scoreAt(s.latest, s.scale, s.nowMs);
  const gaps = score.params
    .filter((p) => p.status !== 'ok')
    .map((p) => `${p.param} ${p.status}`)
    .join(', ');
  const active = s.nowMs - s.lastMotionMs <= ACTIVITY_MS;
  const signature = `${score.total}|${score.risk}|${gaps}|${active}`;
  if (s.last && s.last.signature === signature && s.nowMs - s.last.atMs < HEARTBEAT_MS) return null;
  while (s.history.length > 0 && s.history[0]![0] < s.nowMs - 2 * 60 * MINUTE) s.history.shift();
  let before: number | undefined;
  for (const [t, total] of s.history) if (t <= s.nowMs - 30 * MINUTE) before = total;
  const trend = before === undefined || before === score.total ? 'steady' : score.total > before ? 'up' : 'down';
  s.history.push([s.nowMs, score.total]);
  s.last = { signature, atMs: s.nowMs };
  return {
    patientId,
    eventTime: s.nowMs,
    total: score.total,
    risk: score.risk,
    complete: score.complete,
    maxSingle: score.maxSingle,
    trend,
    gaps,
    spo2Scale: s.scale,
    active,
    breakdown: score.params,
  };
}

type Scored = ParamUpdate & { spo2Scale: number | null };

/**
 * The per-patient state function (exported for `testGroupState`).
 *
 * @example
 * updates.groupByKey((u) => u.patientId).flatMapGroupsWithState(news2State, { outputMode: 'append', timeout: 'eventTime' });
 */
export function news2State(patientId: string, rows: Scored[], state: GroupState<PatientState>): News2Row[] {
  const s: PatientState = state.getOption() ?? { latest: {}, scale: 1, nowMs: 0, last: null, history: [], lastMotionMs: -ACTIVITY_MS - 1 };
  if (state.hasTimedOut) s.nowMs = Math.max(s.nowMs, state.getCurrentWatermarkMs());
  for (const r of rows) {
    // an unknown patient (not in the admissions table) is scored on scale 1, the chart's default
    if (r.spo2Scale === 2) s.scale = 2;
    const prev = s.latest[r.param];
    if (prev === undefined || r.eventTime >= prev.atMs) s.latest[r.param] = { value: r.value, atMs: r.eventTime };
    if (r.eventTime > s.nowMs) s.nowMs = r.eventTime;
    if (r.motion && r.eventTime > s.lastMotionMs) s.lastMotionMs = r.eventTime;
  }
  const out = emit(patientId, s);
  state.update(s);
  // wake up when the next current value goes stale, or for the heartbeat
  let next = (s.last?.atMs ?? s.nowMs) + HEARTBEAT_MS;
  for (const p of PARAMS) {
    const v = s.latest[p];
    if (v !== undefined && v.atMs + VALIDITY_MS[p] >= s.nowMs) next = Math.min(next, v.atMs + VALIDITY_MS[p] + 1);
  }
  state.setTimeoutTimestamp(Math.max(next, state.getCurrentWatermarkMs() + 1));
  return out ? [out] : [];
}

/**
 * Parameter updates from the per-minute values (heart rate, SpO2, respiratory rate, systolic BP)
 * and the nurses' observations (consciousness, air or oxygen, temperature).
 *
 * @example
 * paramUpdates(minutes, observations).join(staticTable(scales), 'patientId', 'leftOuter');
 */
export function paramUpdates(minutes: Stream<MinuteValue>, observations: Stream<Observation>, minuteWatermark = '2 minutes'): Stream<ParamUpdate> {
  const fromMinutes = minutes.withWatermark('eventTime', minuteWatermark).flatMap((m): ParamUpdate[] => {
    if (m.value === null || m.vital === 'dbp') return [];
    // a heart-rate minute's suspect samples are motion (the quality stage flags > 220 and < 25)
    return [{ patientId: m.patientId, param: m.vital, value: m.value, eventTime: m.eventTime, motion: m.vital === 'hr' && m.suspect >= MOTION_SAMPLES }];
  });
  const fromRounds = observations.withWatermark('eventTime', OBSERVATION_WATERMARK).flatMap((o): ParamUpdate[] => {
    const t = o.eventTime as number;
    const out: ParamUpdate[] = [
      { patientId: o.patientId, param: 'acvpu', value: o.acvpu, eventTime: t, motion: false },
      { patientId: o.patientId, param: 'o2', value: o.onOxygen, eventTime: t, motion: false },
    ];
    if (o.temp !== null) out.push({ patientId: o.patientId, param: 'temp', value: o.temp, eventTime: t, motion: false });
    return out;
  });
  return fromMinutes.union(fromRounds);
}

/**
 * NEWS2 per patient, emitted when it changes and every 15 minutes.
 *
 * @example
 * news2Scores(minutes, observations, scaleRows(admissions)).writeStream.outputMode('append').sink(sink).start();
 */
export function news2Scores(minutes: Stream<MinuteValue>, observations: Stream<Observation>, scales: readonly ScaleRow[]): Stream<News2Row> {
  return paramUpdates(minutes, observations)
    .join(staticTable([...scales], { name: 'admissions' }), 'patientId', 'leftOuter')
    .groupByKey((u) => u.patientId)
    .flatMapGroupsWithState(news2State, { outputMode: 'append', timeout: 'eventTime' });
}
