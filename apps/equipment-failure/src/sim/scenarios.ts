/**
 * The labelled scenarios: what the pipelines should catch, and what they should not mistake for
 * it. Degradations run from their onset (the incident start) to the failure (its end), so the
 * label carries both times; the failure itself and the repair follow in the machine's own state
 * (`machine.ts`). Sensor faults are labelled too, so an evaluation can count the ones raised as
 * machine faults. A gateway outage is world-level: no machine is at fault, a line's records are
 * just late.
 */
import { type Duration, parseDuration } from '@streamlab/core';
import { defineScenario, type Schedule, type ScenarioDef, type StepContext } from '@streamlab/datagen';
import { MODELS, type Sensor } from '../domain/catalog.js';
import type { Reading } from '../domain/reading.js';
import { type DegradationMode, type SensorFaultKind, type SimMachine, sample } from './machine.js';

/** What every step can see: the catalog's lines, for the gateway outage to pick one. */
export interface Pools {
  lines: readonly string[];
}

export const GATEWAY_OUTAGE = 'gateway-outage';

/** Whether this machine's line gateway is buffering now (a gateway outage on its line is active). */
export function buffering(m: SimMachine, ctx: StepContext<Pools>): boolean {
  for (const i of ctx.incidents) if (i.scenario === GATEWAY_OUTAGE && (i.state as { lineId: string }).lineId === m.machine.lineId) return true;
  return false;
}

const healthy = (m: SimMachine) => m.degradation === null && m.downUntil === 0 && m.fault === null;
const hasSensor = (m: SimMachine, s: Sensor) => MODELS[m.machine.type].rated[s] !== undefined;

/** Which machines each mode can strike: a seal leaks only where there is pressure to lose. */
const ELIGIBLE: Record<DegradationMode, (m: SimMachine) => boolean> = {
  'bearing-wear': healthy,
  'cooling-failure': healthy,
  'seal-leak': (m) => healthy(m) && hasSensor(m, 'pressure'),
  'electrical-fault': healthy,
  'sudden-failure': healthy,
};

/** Onset to failure, per mode (sudden failures: a minute with no precursor, then down). */
export const DEGRADATION_DURATIONS: Record<DegradationMode, Duration> = {
  'bearing-wear': '4 hours',
  'cooling-failure': '2 hours',
  'seal-leak': '3 hours',
  'electrical-fault': '90 minutes',
  'sudden-failure': '1 minute',
};

/** A degradation mode as a scenario: its incident's end is the failure time. */
export function degradation(
  mode: DegradationMode,
  schedule: Schedule,
  duration: Duration = DEGRADATION_DURATIONS[mode],
  /** The live demo's machines are already this far into the degradation when its label starts. */
  headStartMs = 0,
): ScenarioDef<SimMachine, Reading, Pools, undefined> {
  return defineScenario<SimMachine, Reading, Pools, undefined>({
    name: mode,
    schedule,
    duration,
    eligible: ELIGIBLE[mode],
    step: (m, incident, ctx) => {
      if (m.degradation === null && m.downUntil === 0) m.degradation = { mode, onsetMs: incident.startMs - headStartMs, failMs: incident.endMs };
      return sample(m, ctx.now, ctx.rng, buffering(m, ctx));
    },
  });
}

/** A fault of one of the machine's sensors (the machine itself is fine). */
export function sensorFault(
  kind: SensorFaultKind,
  schedule: Schedule,
  duration: Duration = '2 hours',
): ScenarioDef<SimMachine, Reading, Pools, { sensor: Sensor }> {
  return defineScenario<SimMachine, Reading, Pools, { sensor: Sensor }>({
    name: kind,
    schedule,
    duration,
    eligible: healthy,
    // drifts and spikes hit the sensors a machine fault would move, so they are hard to tell apart
    start: ({ entities, rng }) => {
      const m = entities[0]!;
      const candidates = (['vibration', 'bearingTemp', 'current', 'pressure'] as const).filter((s) => hasSensor(m, s));
      return { sensor: rng.pick(candidates) };
    },
    step: (m, incident, ctx) => {
      if (m.fault?.startMs !== incident.startMs)
        m.fault = { kind, sensor: incident.state.sensor, startMs: incident.startMs, endMs: incident.endMs, stuckAt: null };
      return sample(m, ctx.now, ctx.rng, buffering(m, ctx));
    },
  });
}

/** A line's PLC gateway loses the network and buffers: the line's records arrive minutes late. */
export function gatewayOutage(schedule: Schedule, duration: Duration = '12 minutes'): ScenarioDef<SimMachine, Reading, Pools, { lineId: string }> {
  return defineScenario<SimMachine, Reading, Pools, { lineId: string }>({
    name: GATEWAY_OUTAGE,
    schedule,
    duration,
    entities: 0,
    start: ({ pools, rng }) => ({ lineId: rng.pick(pools.lines) }),
  });
}

/** The longest a gateway outage delays records: half its duration (it delivers at half pace). */
export const maxGatewayDelayMs = (duration: Duration = '12 minutes') => parseDuration(duration) / 2;
