/**
 * The simulator: one monitored bed per entity, stepped round-robin. Each step sends what the bed's
 * monitor sampled since its last message (heart rate and SpO2 every second, respiratory rate every
 * 5 s, blood pressure every 15 min), or, when a round is due, the nurse's observation (ACVPU, air
 * or oxygen, temperature: every 1–4 h, hourly when the patient looks unwell). The message rate
 * only sets how samples are batched: at 1 step per bed per simulated second a message holds one
 * second; at one step per 5 s, five.
 *
 * Artifacts, unlabelled and random, as a ward's monitors have them: motion spikes (a second or
 * three of a heart rate of 150–260; every few seconds while the patient walks), disconnections (2–20 min with no samples, after which the
 * monitor sends the last 5 min it buffered, late), and rare impossible values (a heart rate of
 * 400). Disorder (duplicates, malformed records, out-of-order delivery) is datagen's, per run.
 */
import { defineModel, type Incident, type Model, type Rng, type StepContext } from '@streamlab/datagen';
import type { Sample, VitalsRecord } from '../domain/records.js';
import { admission } from './hospital.js';
import { newPatient, type PatientSim } from './patient.js';
import { advance, type Effect, NO_EFFECT, vitalsAt } from './physiology.js';
import { type CourseState, deteriorationEffect, isDeterioration, type Mimic, mimicEffect, progress, type ScenarioSchedules, scenarios } from './scenarios.js';

/** The topic the monitors' messages go to (the nurses' observations go to `vitals.observations`). */
export const READINGS_TOPIC = 'vitals.readings';
export const OBSERVATIONS_TOPIC = 'vitals.observations';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** What a monitor keeps while disconnected, and sends on reconnect. */
export const BUFFER_MS = 5 * MINUTE;
/** A bed stepped after a long pause (a very low rate) samples at most this far back. */
const MAX_CATCH_UP_MS = 10 * MINUTE;
/** How long the effect left at a critical event takes to wear off (the team treats the patient). */
const RECOVERY_MS = 2 * HOUR;
/** Motion artifacts per second while a patient walks. */
const WALKING_SPIKES_PER_SEC = 0.1;

export interface VitalsModelOptions extends ScenarioSchedules {
  beds: number;
  /** Monitor disconnections per bed per simulated day. */
  disconnectionsPerBedDay: number;
  /** Motion spikes per bed per simulated hour. */
  spikesPerBedHour: number;
  /** Chance that a sample is physically impossible (a heart rate of 400, a saturation of 130 %). */
  impossiblePerSample: number;
}

export const MODEL_DEFAULTS: VitalsModelOptions = {
  beds: 200,
  deteriorationsPerHour: 0.4,
  mimicsPerHour: 2,
  disconnectionsPerBedDay: 0.5,
  spikesPerBedHour: 2,
  impossiblePerSample: 1e-5,
};

/** The incident a bed is in, as the model reads it. */
type Course = Incident<CourseState>;

/** Effect of the bed's incident (or what remains of its last one) at `now`. */
function effectNow(p: PatientSim, inc: Course | undefined, now: number): Effect {
  if (inc && isDeterioration(inc.scenario)) {
    p.course = { kind: inc.scenario, endMs: inc.endMs };
    return deteriorationEffect(inc.scenario, progress(inc, now));
  }
  if (p.course && now >= p.course.endMs) {
    p.recovery = { effect: deteriorationEffect(p.course.kind, 1), fromMs: p.course.endMs };
    p.course = null;
  }
  if (inc) return mimicEffect(inc.scenario as Mimic, now, inc.startMs);
  if (p.recovery) {
    const left = 1 - (now - p.recovery.fromMs) / RECOVERY_MS;
    if (left <= 0) p.recovery = null;
    else {
      const e = p.recovery.effect;
      return {
        hr: e.hr * left,
        rr: e.rr * left,
        spo2: e.spo2 * left,
        sbp: e.sbp * left,
        temp: e.temp * left,
        hrJitter: e.hrJitter * left,
        acvpu: left > 0.5 ? e.acvpu : 'A',
        oxygen: true,
      };
    }
  }
  return NO_EFFECT;
}

/** Whether the patient looks unwell to a nurse (observations hourly then). */
function unwell(e: Effect): boolean {
  return e.hr > 15 || e.rr > 4 || e.sbp < -15 || e.acvpu !== 'A';
}

/**
 * Samples each second since the bed's last step, with its artifacts, into `pending` (or into the
 * monitor's buffer while it is disconnected).
 */
function sample(p: PatientSim, e: Effect, inc: Course | undefined, now: number, rng: Rng, o: VitalsModelOptions): void {
  const probeOff = inc?.scenario === 'probe-off';
  // some monitors read a probe off as 0 %, others send nothing: half the incidents each
  const probeReadsZero = probeOff && inc.startMs % 2 === 0;
  const pDisconnect = o.disconnectionsPerBedDay / (24 * 3_600);
  // walking shakes the probe and the leads: motion artifacts every few seconds, as on a real ward
  const pSpike = inc?.scenario === 'walking' ? WALKING_SPIKES_PER_SEC : o.spikesPerBedHour / 3_600;
  let t = Math.max(p.lastSampleMs + SECOND, Math.floor((now - MAX_CATCH_UP_MS) / SECOND) * SECOND);
  for (; t <= now; t += SECOND) {
    advance(p.physio, rng);
    if (t >= p.disconnectedUntil && p.buffer.length > 0) {
      // reconnected: the buffered samples go out with the next message, late
      const from = p.disconnectedUntil - BUFFER_MS;
      for (const s of p.buffer) if ((s.t as number) >= from) p.pending.push(s);
      p.buffer = [];
    }
    if (t >= p.disconnectedUntil && rng.chance(pDisconnect)) p.disconnectedUntil = t + rng.range(2, 20) * MINUTE;
    if (rng.chance(pSpike)) p.spikeUntil = t + rng.range(1, 3.5) * SECOND;
    const to = t < p.disconnectedUntil ? p.buffer : p.pending;
    const v = vitalsAt(p.base, p.physio, e, t, rng);
    let hr: number = v.hr;
    let spo2: number | null = v.spo2;
    if (t < p.spikeUntil) {
      hr = Math.round(rng.range(150, 260));
      spo2 = Math.max(0, v.spo2 - Math.round(rng.range(3, 12)));
    }
    if (probeOff) spo2 = probeReadsZero ? 0 : null;
    if (rng.chance(o.impossiblePerSample)) hr = 400 + rng.int(100);
    if (rng.chance(o.impossiblePerSample)) spo2 = 120 + rng.int(20);
    to.push({ vital: 'hr', value: hr, t }, { vital: 'spo2', value: spo2, t });
    const sec = t / SECOND;
    if ((sec + p.rrPhaseS) % 5 === 0) to.push({ vital: 'rr', value: rng.chance(o.impossiblePerSample * 5) ? -1 : v.rr, t });
    if ((sec + p.bpPhaseS) % 900 === 0) to.push({ vital: 'sbp', value: v.sbp, t }, { vital: 'dbp', value: v.dbp, t });
  }
  p.lastSampleMs = t - SECOND;
  p.lastEffect = e;
}

function step(p: PatientSim, ctx: StepContext<undefined>, o: VitalsModelOptions): VitalsRecord {
  const inc = ctx.incident as Course | undefined;
  const e = effectNow(p, inc, ctx.now);
  sample(p, e, inc, ctx.now, ctx.rng, o);
  const patientId = p.admission.patientId;
  if (ctx.now >= p.nextObsMs) {
    p.nextObsMs = ctx.now + (unwell(e) ? HOUR : ctx.rng.range(1, 4) * HOUR);
    const temp = Math.round((p.base.temp + e.temp + ctx.rng.normal(0, 0.15)) * 10) / 10;
    return { kind: 'observation', obsId: `obs-${ctx.seq}`, patientId, eventTime: ctx.now, acvpu: e.acvpu, onOxygen: p.restingOxygen || e.oxygen, temp };
  }
  const samples: Sample[] = p.pending;
  p.pending = [];
  return { kind: 'monitor', messageId: `${p.monitorId}-${ctx.seq}`, patientId, monitorId: p.monitorId, eventTime: ctx.now, samples };
}

/**
 * The model: `beds` monitored patients (`--entities` overrides), round-robin, with the
 * deterioration and mimic scenarios at the given rates.
 *
 * @example
 * const sim = new Simulation(createVitalsModel({ beds: 100 }), { seed: 42, ratePerSec: 100, durationMs: 3_600_000 });
 */
export function createVitalsModel(options: Partial<VitalsModelOptions> = {}): Model<PatientSim, VitalsRecord> {
  const o: VitalsModelOptions = { ...MODEL_DEFAULTS, ...options };
  return defineModel<PatientSim, VitalsRecord>({
    name: READINGS_TOPIC,
    description: `Bedside monitors and nurse observations of ${o.beds} patients, with labelled deteriorations and benign mimics`,
    entities: o.beds,
    timeField: 'eventTime',
    pick: 'round-robin',
    createEntity: ({ index, rng, faker, startMs }) =>
      newPatient(
        admission(index, faker, () => rng.next()),
        rng,
        startMs,
        NO_EFFECT,
      ),
    key: (p) => p.admission.patientId,
    step: (p, ctx) => step(p, ctx, o),
    scenarios: scenarios(o),
    recordId: (r) => (r.kind === 'monitor' ? r.messageId : r.obsId),
  });
}

/** The default model (200 beds), for `simulate`. */
export const vitalsModel = createVitalsModel();
export default vitalsModel;
