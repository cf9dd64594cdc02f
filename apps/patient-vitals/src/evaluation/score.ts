/**
 * Scoring alerts against the simulator's ground truth, the way a ward would judge them (pure):
 *
 * - **sensitivity**: a deterioration is caught when any alert about the patient (a NEWS2 escalation
 *   or an early warning) comes between its onset and its critical event;
 * - **lead time**: critical event minus the first such alert (minutes of simulated time);
 * - **false alerts**: alerts about a patient who is not deteriorating (nor within 3 hours after a
 *   critical event, while the team treats them), per patient-day;
 * - **alarm burden**: every alert per patient-day and per 12-hour nursing shift of a 30-bed bay,
 *   and the share that was about a real deterioration (positive predictive value);
 * - **mimics and artifacts**: alerts at NEWS2 medium or high about a patient who was walking, had
 *   a probe off, or is not deteriorating at all: the target is none.
 */
import { median } from '@streamlab/core';
import type { IncidentInfo } from '@streamlab/datagen';
import type { Alert } from '../domain/alert.js';
import { DETERIORATIONS, isDeterioration, MIMICS } from '../sim/scenarios.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** After a critical event, alerts about the patient are about that event (treatment, recovery). */
export const AFTERMATH_MS = 3 * 60 * MINUTE;
/** A mimic's alerts count against it until this long after it ended (a minute median lags). */
const MIMIC_TAIL_MS = 30 * MINUTE;

export interface ScenarioRow {
  scenario: string;
  incidents: number;
  detected: number;
  sensitivity: number;
  /** Median minutes from first alert to critical event (NaN when none detected). */
  medianLeadMin: number;
  /** How many were first caught by the trend detector (before any NEWS2 alert). */
  firstByTrend: number;
}

export interface Scorecard {
  scenarios: ScenarioRow[];
  overall: { incidents: number; detected: number; sensitivity: number; medianLeadMin: number };
  patientDays: number;
  alerts: { total: number; perPatientDay: number; perShift30Beds: number; ppv: number; byLevel: Record<string, number> };
  falseAlerts: { total: number; perPatientDay: number };
  /** Medium or high NEWS2 alerts (severity high/critical) about mimics or patients not deteriorating. */
  mimicHighAlerts: number;
  artifactHighAlerts: number;
}

export interface ScoreWindow {
  beds: number;
  /** The scored span: incidents whose critical event falls in it; alerts raised in it. */
  fromMs: number;
  toMs: number;
}

const isHigh = (a: Alert) => a.kind === 'news2' && (a.level === 'high' || a.level === 'medium');

/**
 * @example
 * scoreAlerts(alerts, incidents, { beds: 100, fromMs, toMs }).overall.sensitivity; // 0..1
 */
export function scoreAlerts(alerts: readonly Alert[], incidents: readonly IncidentInfo[], w: ScoreWindow): Scorecard {
  const byPatient = new Map<string, Alert[]>();
  for (const a of alerts) {
    const t = a.eventTime as number;
    if (t < w.fromMs || t > w.toMs) continue;
    let list = byPatient.get(a.patientId);
    if (!list) byPatient.set(a.patientId, (list = []));
    list.push(a);
  }
  for (const list of byPatient.values()) list.sort((x, y) => (x.eventTime as number) - (y.eventTime as number));
  const deteriorations = incidents.filter((i) => isDeterioration(i.scenario));
  const mimics = incidents.filter((i) => (MIMICS as readonly string[]).includes(i.scenario));
  const within = (a: Alert, from: number, to: number) => (a.eventTime as number) >= from && (a.eventTime as number) <= to;
  const explained = (a: Alert) => deteriorations.some((i) => i.keys.includes(a.patientId) && within(a, i.startMs, i.endMs + AFTERMATH_MS));

  const scenarios: ScenarioRow[] = [];
  const leads: number[] = [];
  let incidentsTotal = 0;
  let detectedTotal = 0;
  for (const name of DETERIORATIONS) {
    const scored = deteriorations.filter((i) => i.scenario === name && i.endMs >= w.fromMs && i.endMs <= w.toMs);
    const ls: number[] = [];
    let firstByTrend = 0;
    for (const i of scored) {
      const first = (byPatient.get(i.keys[0]!) ?? []).find((a) => within(a, i.startMs, i.endMs));
      if (!first) continue;
      ls.push((i.endMs - (first.eventTime as number)) / MINUTE);
      if (first.kind === 'trend') firstByTrend += 1;
    }
    incidentsTotal += scored.length;
    detectedTotal += ls.length;
    leads.push(...ls);
    scenarios.push({
      scenario: name,
      incidents: scored.length,
      detected: ls.length,
      sensitivity: scored.length === 0 ? Number.NaN : ls.length / scored.length,
      medianLeadMin: median(ls),
      firstByTrend,
    });
  }

  const scoredAlerts = [...byPatient.values()].flat();
  const patientDays = (w.beds * (w.toMs - w.fromMs)) / DAY;
  const falseAlerts = scoredAlerts.filter((a) => !explained(a));
  const byLevel: Record<string, number> = {};
  for (const a of scoredAlerts) byLevel[a.level] = (byLevel[a.level] ?? 0) + 1;
  const mimicHigh = scoredAlerts.filter(
    (a) => isHigh(a) && !explained(a) && mimics.some((m) => m.keys.includes(a.patientId) && within(a, m.startMs, m.endMs + MIMIC_TAIL_MS)),
  );
  const artifactHigh = scoredAlerts.filter((a) => isHigh(a) && !explained(a));
  return {
    scenarios,
    overall: {
      incidents: incidentsTotal,
      detected: detectedTotal,
      sensitivity: incidentsTotal === 0 ? Number.NaN : detectedTotal / incidentsTotal,
      medianLeadMin: median(leads),
    },
    patientDays,
    alerts: {
      total: scoredAlerts.length,
      perPatientDay: scoredAlerts.length / patientDays,
      // a bay of 30 beds over a 12-hour shift: what one nurse in charge hears
      perShift30Beds: (scoredAlerts.length / patientDays) * 30 * 0.5,
      ppv: scoredAlerts.length === 0 ? Number.NaN : (scoredAlerts.length - falseAlerts.length) / scoredAlerts.length,
      byLevel,
    },
    falseAlerts: { total: falseAlerts.length, perPatientDay: falseAlerts.length / patientDays },
    mimicHighAlerts: mimicHigh.length,
    artifactHighAlerts: artifactHigh.length,
  };
}
