/**
 * A simulated machine and how it makes one gateway record: its operating state from the shift
 * schedule (or `down` after a failure, until the repair), its parts, and its sensors from its own
 * healthy levels, the degradation it is going through, and any fault of the sensors themselves.
 * Everything is computed at the machine's measurement time `tau`, which lags the emission time
 * while its line's gateway is buffering (see `advanceClock`).
 */
import type { Rng } from '@streamlab/datagen';
import { type Machine, MODELS, type Sensor, SENSORS } from '../domain/catalog.js';
import type { MachineState, Reading } from '../domain/reading.js';
import { SHIFT_OFFSET_MS, scheduledState } from '../domain/shifts.js';

/** The labelled degradation modes; `sudden-failure` has no precursor and is scored apart. */
export const DEGRADATION_MODES = ['bearing-wear', 'cooling-failure', 'seal-leak', 'electrical-fault', 'sudden-failure'] as const;
export type DegradationMode = (typeof DEGRADATION_MODES)[number];
export const SENSOR_FAULTS = ['sensor-stuck', 'sensor-drift', 'sensor-dropout', 'sensor-spikes'] as const;
export type SensorFaultKind = (typeof SENSOR_FAULTS)[number];

export interface SensorFault {
  kind: SensorFaultKind;
  sensor: Sensor;
  startMs: number;
  endMs: number;
  /** The value a stuck sensor repeats (taken at its first faulty sample). */
  stuckAt: number | null;
}

/** How long a repair takes after a failure (the machine is `down` meanwhile). */
export const REPAIR_MS = 45 * 60_000;

/** A machine's simulated state (the datagen entity). */
export interface SimMachine {
  machine: Machine;
  /** Whether its line runs the night shift (otherwise it is idle from 22:00 to 06:00). */
  runsNightShift: boolean;
  /** When the plant's shift A starts (ms after midnight UTC). */
  shiftAStartMs: number;
  /** Its own healthy running levels: the catalog's nominal, give or take a few percent. */
  level: Partial<Record<Sensor, number>>;
  /** Its own speed against the ideal cycle time (performance losses), and scrap rate. */
  speed: number;
  scrapRate: number;
  /** Measurement time of the previous record (NaN before the first). */
  tau: number;
  /** Emission time of the previous record. */
  emittedAt: number;
  seq: number;
  partCarry: number;
  degradation: { mode: DegradationMode; onsetMs: number; failMs: number } | null;
  /** When the repair after a failure ends (0: not down). */
  downUntil: number;
  /** The mode a finished repair announces on the next record. */
  repaired: DegradationMode | null;
  fault: SensorFault | null;
}

/** Creates a machine of the catalog with its own levels (seeded per machine). */
export function createMachine(machine: Machine, rng: Rng, shiftAStartMs = SHIFT_OFFSET_MS): SimMachine {
  const level: Partial<Record<Sensor, number>> = {};
  for (const [sensor, r] of Object.entries(MODELS[machine.type].rated)) level[sensor as Sensor] = r.nominal * rng.range(0.95, 1.05);
  return {
    machine,
    runsNightShift: !machine.lineId.endsWith('2'),
    shiftAStartMs,
    level,
    speed: rng.range(0.85, 0.97),
    scrapRate: rng.range(0.005, 0.03),
    tau: Number.NaN,
    emittedAt: Number.NaN,
    seq: 0,
    partCarry: 0,
    degradation: null,
    downUntil: 0,
    repaired: null,
    fault: null,
  };
}

/**
 * Moves the machine's measurement time to the record being made. Normally it is the emission
 * time; while the line's gateway has lost the network (`buffering`), it delivers its buffer at
 * half pace, so its records fall further and further behind; afterwards it catches up at double
 * pace. Either way every instant is measured exactly once, so OEE sums stay exact.
 */
export function advanceClock(m: SimMachine, now: number, buffering: boolean): { tau: number; intervalMs: number } {
  if (Number.isNaN(m.tau)) {
    m.tau = m.emittedAt = now;
    return { tau: now, intervalMs: 0 };
  }
  const prev = m.tau;
  const dt = Math.max(0, now - m.emittedAt);
  m.emittedAt = now;
  m.tau = Math.round(buffering ? prev + dt / 2 : Math.min(now, prev + 2 * dt));
  return { tau: m.tau, intervalMs: m.tau - prev };
}

/** The degradation's progress at `tau`: 0 at onset, 1 at failure. */
const progress = (d: NonNullable<SimMachine['degradation']>, tau: number) => Math.min(1, Math.max(0, (tau - d.onsetMs) / (d.failMs - d.onsetMs)));

/**
 * The machine's record at emission time `now`.
 *
 * @example
 * sample(machine, ctx.now, ctx.rng, false);
 */
export function sample(m: SimMachine, now: number, rng: Rng, buffering: boolean): Reading {
  const { tau, intervalMs } = advanceClock(m, now, buffering);
  let maintenance: string | null = null;
  // a failure: the degradation reached its end; the machine is down until repaired
  if (m.degradation !== null && tau >= m.degradation.failMs) {
    m.downUntil = m.degradation.failMs + REPAIR_MS;
    m.repaired = m.degradation.mode;
    m.degradation = null;
  }
  if (m.downUntil > 0 && tau >= m.downUntil) {
    // the repair resets the machine: degradation gone, maintenance reported once
    m.downUntil = 0;
    maintenance = m.repaired;
    m.repaired = null;
  }
  const state: MachineState = m.downUntil > 0 ? 'down' : scheduledState(tau, m.runsNightShift, m.shiftAStartMs);
  const values = sensorValues(m, state, tau, rng);
  let parts = 0;
  let scrap = 0;
  if (state === 'running') {
    m.partCarry += (intervalMs * m.speed) / m.machine.idealCycleMs;
    parts = Math.floor(m.partCarry);
    m.partCarry -= parts;
    for (let i = 0; i < parts; i++) if (rng.chance(m.scrapRate)) scrap++;
  }
  m.seq += 1;
  return {
    readingId: `${m.machine.machineId}-${m.seq}`,
    plantId: m.machine.plantId,
    lineId: m.machine.lineId,
    machineId: m.machine.machineId,
    state,
    eventTime: tau,
    intervalMs,
    parts,
    scrap,
    ...values,
    maintenance,
  };
}

type Values = Record<Sensor, number | null>;

function sensorValues(m: SimMachine, state: MachineState, tau: number, rng: Rng): Values {
  // how hard the machine works: rest values when idle or down, half load in setup
  const load = state === 'running' ? 1 : state === 'setup' ? 0.5 : 0.1;
  const out = { vibration: null, bearingTemp: null, current: null, pressure: null, rpm: null, power: null } as Values;
  const d = m.degradation;
  const mode = d?.mode;
  const p = d ? progress(d, tau) : 0;
  // electrical fault: current spikes, more and larger as it progresses (power follows the current);
  // a seizing bearing (the last fifth of its wear) makes the motor draw current in bursts too
  const spikes = mode === 'electrical-fault' ? 0.03 + 0.3 * p ** 1.5 : mode === 'bearing-wear' ? Math.max(0, p - 0.8) * 0.5 : 0;
  const spike = load === 1 && spikes > 0 && rng.chance(spikes) ? (mode === 'electrical-fault' ? 1.4 + 0.8 * p : 1.4) : 1;
  for (const sensor of SENSORS) {
    const level = m.level[sensor];
    if (level === undefined) continue;
    let v: number;
    switch (sensor) {
      case 'vibration':
        v = level * load * (1 + (mode === 'bearing-wear' ? 3 * p * p : 0)) * (1 + rng.normal(0, 0.04));
        break;
      case 'bearingTemp': {
        const rise = mode === 'bearing-wear' ? 10 * p * p : mode === 'cooling-failure' ? 35 * p : 0;
        v = 20 + (level - 20) * (0.4 + 0.6 * load) + rise + rng.normal(0, 0.6);
        break;
      }
      case 'current':
        v = level * load * spike * (1 + rng.normal(0, 0.02));
        break;
      case 'pressure':
        v = level * (0.3 + 0.7 * load) * (1 - (mode === 'seal-leak' ? 0.4 * p : 0)) * (1 + rng.normal(0, 0.01));
        break;
      case 'rpm':
        v = level * load * (1 + rng.normal(0, 0.005));
        break;
      case 'power': {
        const extra = mode === 'cooling-failure' ? 0.1 * p : mode === 'seal-leak' ? 0.08 * p : 0;
        v = level * load * (1 + extra) * (spike > 1 ? 1 + (spike - 1) * 0.6 : 1) * (1 + rng.normal(0, 0.015));
        break;
      }
    }
    out[sensor] = Math.round(v * 1000) / 1000;
  }
  const f = m.fault;
  if (f !== null && tau >= f.startMs && tau < f.endMs) {
    const v = out[f.sensor];
    if (v !== null) {
      const base = m.level[f.sensor] ?? 1;
      if (f.kind === 'sensor-dropout') out[f.sensor] = null;
      else if (f.kind === 'sensor-stuck') out[f.sensor] = f.stuckAt ??= v;
      else if (f.kind === 'sensor-drift') out[f.sensor] = Math.round((v + base * 0.8 * ((tau - f.startMs) / (f.endMs - f.startMs))) * 1000) / 1000;
      else if (rng.chance(0.02)) out[f.sensor] = Math.round(v * 3 * 1000) / 1000;
    }
  }
  return out;
}
