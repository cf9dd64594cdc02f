/**
 * The static equipment catalog: plants, lines and machines, each machine of a model with rated
 * limits. It is reference data (a stream-static join joins readings with it), built
 * deterministically from its size so the simulator, the pipelines and the dashboard agree on it
 * without a database.
 */

/** The machine types of the plants. */
export const MACHINE_TYPES = ['cnc-mill', 'pump', 'compressor', 'conveyor', 'press'] as const;
export type MachineType = (typeof MACHINE_TYPES)[number];

/** Every sensor a machine may carry (a reading has `null` for the ones its type does not have). */
export const SENSORS = ['vibration', 'bearingTemp', 'current', 'pressure', 'rpm', 'power'] as const;
export type Sensor = (typeof SENSORS)[number];

/** Units, for charts and work orders. */
export const SENSOR_UNITS: Readonly<Record<Sensor, string>> = {
  vibration: 'mm/s RMS',
  bearingTemp: '°C',
  current: 'A',
  pressure: 'bar',
  rpm: 'rpm',
  power: 'kW',
};

/** A sensor's nominal running value and its rated maximum (minimum for pressure, which fails low). */
export interface RatedLimit {
  nominal: number;
  /** The rating: above it (below it for `pressure`) the machine runs outside its datasheet. */
  limit: number;
}

/** A machine model of the catalog. */
export interface MachineModel {
  model: string;
  type: MachineType;
  /** Ideal cycle time of one part (ISO 22400 "planned run time per item"), for OEE performance. */
  idealCycleMs: number;
  rated: Partial<Record<Sensor, RatedLimit>>;
}

/** One model per type: the sensors each type carries are the keys of `rated`. */
export const MODELS: Readonly<Record<MachineType, MachineModel>> = {
  'cnc-mill': {
    model: 'Haas VF-2',
    type: 'cnc-mill',
    idealCycleMs: 45_000,
    rated: {
      vibration: { nominal: 2.5, limit: 7.1 },
      bearingTemp: { nominal: 55, limit: 85 },
      current: { nominal: 22, limit: 35 },
      rpm: { nominal: 8_100, limit: 10_000 },
      power: { nominal: 15, limit: 22 },
    },
  },
  pump: {
    model: 'Grundfos CR 32',
    type: 'pump',
    idealCycleMs: 6_000,
    rated: {
      vibration: { nominal: 2.8, limit: 7.1 },
      bearingTemp: { nominal: 50, limit: 80 },
      current: { nominal: 28, limit: 42 },
      pressure: { nominal: 8, limit: 5.5 },
      power: { nominal: 15, limit: 21 },
    },
  },
  compressor: {
    model: 'Atlas Copco GA 37',
    type: 'compressor',
    idealCycleMs: 10_000,
    rated: {
      vibration: { nominal: 3.2, limit: 9 },
      bearingTemp: { nominal: 70, limit: 100 },
      current: { nominal: 65, limit: 90 },
      pressure: { nominal: 7.5, limit: 5.5 },
      power: { nominal: 37, limit: 48 },
    },
  },
  conveyor: {
    model: 'Interroll RollerDrive',
    type: 'conveyor',
    idealCycleMs: 4_000,
    rated: {
      vibration: { nominal: 1.8, limit: 4.5 },
      bearingTemp: { nominal: 40, limit: 70 },
      current: { nominal: 4, limit: 7 },
      rpm: { nominal: 1_450, limit: 1_800 },
      power: { nominal: 2.2, limit: 3.5 },
    },
  },
  press: {
    model: 'Schuler MSD 400',
    type: 'press',
    idealCycleMs: 12_000,
    rated: {
      vibration: { nominal: 4.5, limit: 11 },
      bearingTemp: { nominal: 60, limit: 90 },
      current: { nominal: 80, limit: 120 },
      pressure: { nominal: 180, limit: 140 },
      power: { nominal: 55, limit: 75 },
    },
  },
};

/** A sensor fails high (its value rises towards the limit), but pressure fails low. */
export const failsLow = (sensor: Sensor): boolean => sensor === 'pressure';

/** One machine of the catalog. */
export interface Machine {
  machineId: string;
  plantId: string;
  lineId: string;
  type: MachineType;
  model: string;
  idealCycleMs: number;
}

/** One row per machine and sensor: the table the stream-static join reads. */
export interface LimitRow {
  machineId: string;
  sensor: Sensor;
  nominal: number;
  limit: number;
  failsLow: boolean;
}

export interface CatalogSize {
  plants: number;
  linesPerPlant: number;
  machinesPerLine: number;
}

/** The live demo's plant floor: 2 plants x 2 lines x 5 machines (one of each type per line). */
export const DEMO_CATALOG: CatalogSize = { plants: 2, linesPerPlant: 2, machinesPerLine: 5 };

/** The catalog: its machines in plant, line, position order, and lookups by id. */
export interface Catalog {
  size: CatalogSize;
  machines: readonly Machine[];
  byId: ReadonlyMap<string, Machine>;
  lines: readonly string[];
  limits: readonly LimitRow[];
}

/**
 * Builds a catalog: machine `k` of a line is of type `MACHINE_TYPES[(line + k) % 5]`, so every
 * line of five or more machines has each type.
 *
 * @example
 * buildCatalog(DEMO_CATALOG).machines[0]; // { machineId: 'P1-L1-M01', plantId: 'P1', lineId: 'P1-L1', type: 'cnc-mill', ... }
 */
export function buildCatalog(size: CatalogSize): Catalog {
  const machines: Machine[] = [];
  const lines: string[] = [];
  for (let p = 1; p <= size.plants; p++) {
    for (let l = 1; l <= size.linesPerPlant; l++) {
      const lineId = `P${p}-L${l}`;
      lines.push(lineId);
      for (let k = 1; k <= size.machinesPerLine; k++) {
        const type = MACHINE_TYPES[(l + k - 2) % MACHINE_TYPES.length]!;
        const m = MODELS[type];
        machines.push({ machineId: `${lineId}-M${String(k).padStart(2, '0')}`, plantId: `P${p}`, lineId, type, model: m.model, idealCycleMs: m.idealCycleMs });
      }
    }
  }
  const limits: LimitRow[] = [];
  for (const m of machines) {
    for (const [sensor, r] of Object.entries(MODELS[m.type].rated) as [Sensor, RatedLimit][]) {
      limits.push({ machineId: m.machineId, sensor, nominal: r.nominal, limit: r.limit, failsLow: failsLow(sensor) });
    }
  }
  return { size, machines, byId: new Map(machines.map((m) => [m.machineId, m])), lines, limits };
}

/**
 * The size that gives about `sensors` sensors (five per machine), in lines of ten machines.
 *
 * @example
 * catalogForSensors(5_000); // { plants: 10, linesPerPlant: 10, machinesPerLine: 10 }
 */
export function catalogForSensors(sensors: number): CatalogSize {
  const lines = Math.max(1, Math.round(sensors / 50));
  const plants = Math.max(1, Math.round(Math.sqrt(lines)));
  return { plants, linesPerPlant: Math.max(1, Math.round(lines / plants)), machinesPerLine: 10 };
}
