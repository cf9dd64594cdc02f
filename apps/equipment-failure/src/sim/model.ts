/**
 * The simulator: the machines of the equipment catalog, each sending one gateway record per
 * sample period (round-robin over the plant floor), with labelled degradations, sensor faults and
 * gateway outages (`./scenarios.ts`). Seeded: the same seed and options give the same records.
 */
import type { Duration } from '@streamlab/core';
import { defineModel, type Model, type Schedule } from '@streamlab/datagen';
import { buildCatalog, type Catalog, type CatalogSize, DEMO_CATALOG } from '../domain/catalog.js';
import type { Reading } from '../domain/reading.js';
import { SHIFT_OFFSET_MS } from '../domain/shifts.js';
import { createMachine, DEGRADATION_MODES, type DegradationMode, SENSOR_FAULTS, type SensorFaultKind, type SimMachine, sample } from './machine.js';
import { buffering, DEGRADATION_DURATIONS, degradation, gatewayOutage, type Pools, sensorFault } from './scenarios.js';

/** The simulator's name: also the Kafka topic of its records. */
export const READINGS_TOPIC = 'equipment.readings';

export interface ModelOptions {
  catalog: CatalogSize;
  /** When each degradation mode strikes (somewhere on the plant floor). */
  degradations: Record<DegradationMode, Schedule>;
  /** Onset to failure per mode. */
  durations: Record<DegradationMode, Duration>;
  sensorFaults: Record<SensorFaultKind, Schedule>;
  gatewayOutages: Schedule;
  /** Per mode, how far into its degradation a machine already is when the incident starts (the live demo's head start). */
  headStart: Partial<Record<DegradationMode, number>>;
  /** When the plant's shift A starts, in ms after midnight UTC (06:00 by default). */
  shiftAStartMs: number;
}

/** About one predictable failure per machine per 3 days: enough to score in a simulated day. */
export const MODEL_DEFAULTS: ModelOptions = {
  catalog: DEMO_CATALOG,
  degradations: {
    'bearing-wear': { perHour: 0.35 },
    'cooling-failure': { perHour: 0.35 },
    'seal-leak': { perHour: 0.3 },
    'electrical-fault': { perHour: 0.3 },
    'sudden-failure': { perHour: 0.2 },
  },
  durations: DEGRADATION_DURATIONS,
  sensorFaults: {
    'sensor-stuck': { perHour: 0.25 },
    'sensor-drift': { perHour: 0.25 },
    'sensor-dropout': { perHour: 0.25 },
    'sensor-spikes': { perHour: 0.25 },
  },
  gatewayOutages: { perHour: 0.5 },
  headStart: {},
  shiftAStartMs: SHIFT_OFFSET_MS,
};

/**
 * The live demo: time compressed, and a cooling failure already well under way from the first
 * seconds (past its rated temperature within a few simulated minutes), a bearing starting to wear
 * soon after (its work order a quarter of an hour later), a gateway outage after 3 minutes.
 */
export const DEMO_MODEL: Partial<ModelOptions> = {
  catalog: DEMO_CATALOG,
  degradations: {
    'cooling-failure': { every: '50 minutes', offset: '2 seconds' },
    'bearing-wear': { every: '1 hour', offset: '1 minute' },
    'seal-leak': { every: '2 hours', offset: '20 minutes' },
    'electrical-fault': { every: '2 hours', offset: '50 minutes' },
    'sudden-failure': { perHour: 0.5 },
  },
  durations: {
    ...DEGRADATION_DURATIONS,
    'cooling-failure': '25 minutes',
    'bearing-wear': '45 minutes',
    'seal-leak': '40 minutes',
    'electrical-fault': '40 minutes',
  },
  // 97 % of the way to failure: its temperature is past the rating (nominal + 30 °C) at once
  headStart: { 'cooling-failure': 485 * 60_000 },
  sensorFaults: { 'sensor-stuck': { perHour: 1 }, 'sensor-drift': { perHour: 1 }, 'sensor-dropout': { perHour: 1 }, 'sensor-spikes': { perHour: 1 } },
  gatewayOutages: { every: '30 minutes', offset: '3 minutes' },
};

/**
 * Records per simulated second for one record per machine every `samplePeriodMs`.
 *
 * @example
 * recordsPerSecond(buildCatalog(DEMO_CATALOG), 1_000); // 20
 */
export const recordsPerSecond = (catalog: Catalog, samplePeriodMs: number) => (catalog.machines.length * 1_000) / samplePeriodMs;

/**
 * The model and the catalog it simulates.
 *
 * @example
 * const { model, catalog } = equipmentSimulator({ catalog: { plants: 1, linesPerPlant: 2, machinesPerLine: 5 } });
 * const sim = new Simulation(model, { seed: 42, ratePerSec: recordsPerSecond(catalog, 5_000), durationMs: 3_600_000 });
 */
export function equipmentSimulator(options: Partial<ModelOptions> = {}): { model: Model<SimMachine, Reading, Pools>; catalog: Catalog } {
  const o: ModelOptions = { ...MODEL_DEFAULTS, ...options };
  const catalog = buildCatalog(o.catalog);
  const model = defineModel<SimMachine, Reading, Pools>({
    name: READINGS_TOPIC,
    description: `Equipment failure: ${catalog.machines.length} machines on ${catalog.lines.length} lines, with labelled degradations, sensor faults and gateway outages`,
    entities: catalog.machines.length,
    timeField: 'eventTime',
    // every machine reports once per cycle, as PLC gateways poll
    pick: 'round-robin',
    pools: () => ({ lines: catalog.lines }),
    createEntity: ({ index, rng }) => createMachine(catalog.machines[index % catalog.machines.length]!, rng, o.shiftAStartMs),
    key: (m) => m.machine.machineId,
    step: (m, ctx) => {
      if (m.fault !== null && m.tau >= m.fault.endMs) m.fault = null;
      return sample(m, ctx.now, ctx.rng, buffering(m, ctx));
    },
    scenarios: [
      ...DEGRADATION_MODES.map((mode) => degradation(mode, o.degradations[mode], o.durations[mode], o.headStart[mode] ?? 0)),
      ...SENSOR_FAULTS.map((kind) => sensorFault(kind, o.sensorFaults[kind])),
      gatewayOutage(o.gatewayOutages),
    ],
    recordId: (r) => r.readingId,
  });
  return { model, catalog };
}

/** The default model (the `simulate` command's). */
export const equipmentFailureModel = equipmentSimulator().model;
