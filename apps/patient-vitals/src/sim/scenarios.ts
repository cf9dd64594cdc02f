/**
 * The labelled scenarios: what the pipelines must catch, and what they must not raise a high alert
 * on. A deterioration incident runs from its onset (`startMs`) to its critical event (`endMs`:
 * septic shock, respiratory arrest, haemorrhagic shock, AF with haemodynamic compromise); the
 * evaluation measures lead time before `endMs`. Severity grows as `progress^1.6`, so the first
 * hour is subtle, as real deterioration is. Benign mimics (walking, a probe falling off) are
 * labelled too, so the evaluation can prove they raise no high alert.
 *
 * The model's `step` makes every record (it sees the incident in `ctx.incident`); the runtime
 * labels the records of the involved patient while the incident is on.
 */
import { defineScenario, type Incident, type ScenarioDef, type Schedule } from '@streamlab/datagen';
import type { VitalsRecord } from '../domain/records.js';
import { type Effect, NO_EFFECT } from './physiology.js';
import type { PatientSim } from './patient.js';

export const DETERIORATIONS = ['sepsis', 'respiratory-failure', 'haemorrhage', 'atrial-fibrillation'] as const;
export type Deterioration = (typeof DETERIORATIONS)[number];
export const MIMICS = ['walking', 'probe-off'] as const;
export type Mimic = (typeof MIMICS)[number];

/** Onset to critical event, per deterioration. */
export const DETERIORATION_HOURS: Readonly<Record<Deterioration, number>> = {
  sepsis: 6,
  'respiratory-failure': 5,
  haemorrhage: 4,
  'atrial-fibrillation': 4,
};

/** An incident's state: where it started along its course (the live demo starts one part-way). */
export interface CourseState {
  /** Progress at the incident's start, 0..1 (0: the onset). */
  phase0: number;
}

/**
 * Progress along the course at `now`, 0 (onset) to 1 (critical event).
 *
 * @example
 * progress({ startMs: 0, endMs: 100, state: { phase0: 0 } }, 50); // 0.5
 */
export function progress(inc: Pick<Incident<CourseState>, 'startMs' | 'endMs' | 'state'>, now: number): number {
  const f = Math.min(1, Math.max(0, (now - inc.startMs) / (inc.endMs - inc.startMs)));
  const p0 = inc.state.phase0;
  return p0 + (1 - p0) * f;
}

/**
 * What a deterioration adds at progress `p` (0..1).
 *
 * @example
 * deteriorationEffect('haemorrhage', 1).sbp; // -60: haemorrhagic shock
 */
export function deteriorationEffect(kind: Deterioration, p: number): Effect {
  const s = p ** 1.6;
  switch (kind) {
    case 'sepsis':
      return { hr: 42 * s, rr: 12 * s, spo2: -5 * s, sbp: -48 * s, temp: 2.3 * s, hrJitter: 0, acvpu: s > 0.7 ? 'C' : 'A', oxygen: s > 0.65 };
    case 'respiratory-failure': {
      const oxygen = s > 0.45;
      // oxygen buys back some saturation: a patient on oxygen scores for it and for breathing fast
      return { hr: 25 * s, rr: 16 * s, spo2: -13 * s + (oxygen ? 4 : 0), sbp: 6 * s, temp: 0.4 * s, hrJitter: 0, acvpu: s > 0.9 ? 'V' : 'A', oxygen };
    }
    case 'haemorrhage':
      return { hr: 52 * s, rr: 9 * s, spo2: -2 * s, sbp: -62 * s, temp: -0.6 * s, hrJitter: 0, acvpu: s > 0.85 ? 'C' : 'A', oxygen: s > 0.8 };
    case 'atrial-fibrillation':
      // abrupt onset (fast, irregular), then a falling blood pressure as the ventricles fill less
      return { hr: 48 + 15 * s, rr: 6 * s, spo2: -2 * s, sbp: -38 * s, temp: 0, hrJitter: 9, acvpu: s > 0.9 ? 'C' : 'A', oxygen: false };
  }
}

/**
 * The effect of a benign mimic: walking to the bathroom raises the heart rate for a few minutes;
 * a probe off changes nothing in the patient (the monitor reads 0 or nothing: see `model.ts`).
 */
export function mimicEffect(kind: Mimic, now: number, startMs: number): Effect {
  if (kind === 'probe-off') return NO_EFFECT;
  const minutes = (now - startMs) / 60_000;
  const ramp = Math.min(1, minutes / 2, Math.max(0, (15 - minutes) / 3));
  return { ...NO_EFFECT, hr: 30 * ramp, rr: 5 * ramp, spo2: -2 * ramp, sbp: 12 * ramp };
}

export interface ScenarioSchedules {
  /** Each deterioration's incidents per simulated hour, over the whole population. */
  deteriorationsPerHour: number;
  /** Each mimic's incidents per simulated hour, over the whole population. */
  mimicsPerHour: number;
  /**
   * The live demo: this deterioration starts at once (and recurs at `deteriorationsPerHour`), each
   * incident `phase0` along its course, so a dashboard opened at the start shows an alert within seconds.
   */
  deterioratingAtStart?: { scenario: Deterioration; phase0: number };
}

type Scenario = ScenarioDef<PatientSim, VitalsRecord, undefined, CourseState>;

/**
 * The model's scenarios.
 *
 * @example
 * scenarios({ deteriorationsPerHour: 0.4, mimicsPerHour: 2 }).map((s) => s.name); // ['sepsis', ..., 'walking', 'probe-off']
 */
export function scenarios(o: ScenarioSchedules): Scenario[] {
  const out: Scenario[] = [];
  for (const kind of DETERIORATIONS) {
    const first = o.deterioratingAtStart?.scenario === kind ? o.deterioratingAtStart : undefined;
    if (!first && o.deteriorationsPerHour <= 0) continue;
    // the demo's scenario starts at once and then recurs, each time part-way along its course
    const schedule: Schedule = first
      ? { every: `${Math.round(60 / Math.max(o.deteriorationsPerHour, 0.01))} minutes`, offset: '0 seconds' }
      : { perHour: o.deteriorationsPerHour };
    out.push(
      defineScenario<PatientSim, VitalsRecord, undefined, CourseState>({
        name: kind,
        schedule,
        // the course left from phase0 to the critical event
        duration: `${Math.round(DETERIORATION_HOURS[kind] * 60 * (1 - (first?.phase0 ?? 0)))} minutes`,
        start: () => ({ phase0: first?.phase0 ?? 0 }),
      }),
    );
  }
  if (o.mimicsPerHour > 0) {
    out.push(
      defineScenario<PatientSim, VitalsRecord, undefined, CourseState>({ name: 'walking', schedule: { perHour: o.mimicsPerHour }, duration: '15 minutes' }),
      defineScenario<PatientSim, VitalsRecord, undefined, CourseState>({ name: 'probe-off', schedule: { perHour: o.mimicsPerHour }, duration: '12 minutes' }),
    );
  }
  return out;
}

export function isDeterioration(name: string): name is Deterioration {
  return (DETERIORATIONS as readonly string[]).includes(name);
}
