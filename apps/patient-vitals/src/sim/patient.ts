/**
 * A simulated patient and their bedside monitor: the admission, a resting physiology, what the
 * monitor has taken but not yet sent, and the state of its artifacts (a disconnection with its
 * buffer, a probe off, a motion spike) and of the nurse's observation rounds.
 */
import type { Rng } from '@streamlab/datagen';
import type { Admission } from '../domain/admission.js';
import type { Sample } from '../domain/records.js';
import { type Baseline, baseline, type Effect, newPhysioState, type PhysioState } from './physiology.js';
import type { Deterioration } from './scenarios.js';

export interface PatientSim {
  admission: Admission;
  monitorId: string;
  base: Baseline;
  physio: PhysioState;
  /** On oxygen at rest (some COPD patients, some post-op). */
  restingOxygen: boolean;
  /** Time of the last second the monitor sampled. */
  lastSampleMs: number;
  /** Respiratory rate every 5 s and blood pressure every 15 min, at this patient's phase. */
  rrPhaseS: number;
  bpPhaseS: number;
  nextObsMs: number;
  /** Samples taken and not yet sent. */
  pending: Sample[];
  /** Samples taken while disconnected: the monitor keeps the last `BUFFER_MS` and sends them on reconnect. */
  buffer: Sample[];
  disconnectedUntil: number;
  spikeUntil: number;
  /** What the last incident left when it reached its critical event: it wears off as the team treats it. */
  recovery: { effect: Effect; fromMs: number } | null;
  /** The deterioration the patient is in (seen at its last step), until its critical event. */
  course: { kind: Deterioration; endMs: number } | null;
  /** The effect of the last second (the observation round reads consciousness and oxygen from it). */
  lastEffect: Effect;
}

/**
 * A patient with a resting physiology; on oxygen at rest: 30 % of COPD patients, 5 % of others.
 *
 * @example
 * newPatient(admission, rng, startMs).monitorId; // 'mon-AMU-01'
 */
export function newPatient(admission: Admission, rng: Rng, startMs: number, effect: Effect): PatientSim {
  const copd = admission.spo2Scale === 2;
  return {
    admission,
    monitorId: `mon-${admission.bed}`,
    base: baseline(rng, copd),
    physio: newPhysioState(),
    restingOxygen: rng.chance(copd ? 0.3 : 0.05),
    // samples fall on whole seconds (a live run starts at Date.now(), not on a second), so the 5 s and 15 min cycles line up
    lastSampleMs: Math.floor(startMs / 1_000) * 1_000 - 1_000,
    rrPhaseS: rng.int(5),
    bpPhaseS: rng.int(900),
    // the first round within 20 minutes of the start, so every patient is fully scored soon
    nextObsMs: startMs + rng.int(20 * 60) * 1_000,
    pending: [],
    buffer: [],
    disconnectedUntil: 0,
    spikeUntil: 0,
    recovery: null,
    course: null,
    lastEffect: effect,
  };
}
