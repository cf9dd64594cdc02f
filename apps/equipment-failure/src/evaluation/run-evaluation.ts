/**
 * The evaluation: a seeded simulation of a plant floor at full speed through the real pipelines
 * (in memory, on the engine, chained as the live queries are), its records crossing the same
 * boundary as in production (wire text decoded by the readings schema, so malformed ones are
 * lost as they would be), then scored against the simulator's ground truth (`./score.ts`).
 */
import { type LateRecord, MemoryStream, type Stream, type StreamingQuery } from '@streamlab/core';
import { type IncidentInfo, recordText, Simulation } from '@streamlab/datagen';
import { decodeJson } from '@streamlab/kafka';
import type { CatalogSize, Sensor } from '../domain/catalog.js';
import { MODELS } from '../domain/catalog.js';
import { type Reading, readingSchema } from '../domain/reading.js';
import type { WorkOrder } from '../domain/work-order.js';
import { baselineScores, type BaselineScore } from '../pipelines/anomaly-baseline.js';
import { type ImminentFailure, imminentFailures, thresholds } from '../pipelines/imminent-failure.js';
import { lineOee, type OeeRow } from '../pipelines/oee.js';
import { pipelineOptions } from '../pipelines/options.js';
import { remainingLife, type RemainingLife } from '../pipelines/remaining-life.js';
import { type SensorHealth, sensorHealth } from '../pipelines/sensor-health.js';
import { type SensorStatsRow, sensorStats } from '../pipelines/sensor-stats.js';
import { maintenanceEvents, workOrders } from '../pipelines/work-orders.js';
import { equipmentSimulator, recordsPerSecond } from '../sim/model.js';
import { type OeeTruth, trueOee } from './true-oee.js';

export interface EvaluationOptions {
  seed: number;
  /** Simulated hours. */
  hours: number;
  catalog: CatalogSize;
  /** One record per machine every this many simulated ms. */
  samplePeriodMs: number;
}

/** 60 machines on 6 lines for a simulated day and a half: about 40 predictable failures, 4 or 5 shifts per line. */
export const DEFAULT_EVALUATION: EvaluationOptions = {
  seed: 42,
  hours: 36,
  catalog: { plants: 2, linesPerPlant: 3, machinesPerLine: 10 },
  samplePeriodMs: 10_000,
};

export interface EvaluationRun {
  options: EvaluationOptions;
  incidents: IncidentInfo[];
  orders: WorkOrder[];
  imminent: ImminentFailure[];
  health: SensorHealth[];
  /** The last figures per line and shift (after every late record was reconciled). */
  oee: OeeRow[];
  truth: OeeTruth[];
  records: number;
  deadLetters: number;
  lateOee: number;
  startMs: number;
  endMs: number;
  wallMs: number;
}

/** Simulated time fed between two rounds of the queries. */
const CHUNK_MS = 60_000;

function chain<T>(name: string) {
  return new MemoryStream<T>({ name });
}

/**
 * Runs the pipelines over a seeded simulation.
 *
 * @example
 * const run = await runEvaluation(DEFAULT_EVALUATION, (done) => bar.update(done));
 */
export async function runEvaluation(o: EvaluationOptions = DEFAULT_EVALUATION, onProgress?: (done: number) => void): Promise<EvaluationRun> {
  const wallStart = performance.now();
  const { model, catalog } = equipmentSimulator({ catalog: o.catalog });
  const sim = new Simulation(model, {
    seed: o.seed,
    ratePerSec: recordsPerSecond(catalog, o.samplePeriodMs),
    durationMs: o.hours * 3_600_000,
    startMs: Date.parse('2026-01-05T06:00:00Z'),
    disorder: { outOfOrder: 0.02, maxDelayMs: 5_000, duplicates: 0.005, malformed: 0.002 },
  });
  const opts = pipelineOptions();
  const carries = (machineId: string, sensor: Sensor) => MODELS[catalog.byId.get(machineId)!.type].rated[sensor] !== undefined;
  const readings = chain<Reading>('readings');
  const statsIn = chain<SensorStatsRow>('stats');
  const scoresIn = chain<BaselineScore>('scores');
  const lifeIn = chain<RemainingLife>('life');

  const orders: WorkOrder[] = [];
  const imminent: ImminentFailure[] = [];
  const health: SensorHealth[] = [];
  const oee = new Map<string, OeeRow>();
  let lateOee = 0;
  const lateSink = { description: 'late OEE records', addBatch: (rows: readonly LateRecord[]) => void (lateOee += rows.length) };

  const start = <T>(name: string, s: Stream<T>, mode: 'append' | 'update', each: (rows: readonly T[]) => void) =>
    s.writeStream.outputMode(mode).queryName(name).foreachBatch(each).start();
  // in dependency order: each round runs them in this order, so a chained query sees its input's new rows
  const queries: StreamingQuery[] = [
    start('stats', sensorStats(readings.toStream(), carries, opts), 'append', (r) => r.length > 0 && statsIn.addData(r)),
    start('baseline', baselineScores(statsIn.toStream(), opts), 'append', (r) => r.length > 0 && scoresIn.addData(r)),
    start('remaining-life', remainingLife(scoresIn.toStream()), 'append', (r) => r.length > 0 && lifeIn.addData(r)),
    start('work-orders', workOrders(lifeIn.toStream(), maintenanceEvents(readings.toStream()), opts), 'append', (r) => void orders.push(...r)),
    start('sensor-health', sensorHealth(scoresIn.toStream()), 'append', (r) => void health.push(...r)),
    start('imminent-failure', imminentFailures(readings.toStream(), thresholds(catalog), opts), 'append', (r) => void imminent.push(...r)),
    start('oee', lineOee(readings.toStream(), catalog, opts, lateSink), 'update', (r) => {
      for (const row of r) oee.set(`${row.lineId}@${row.window.start}`, row);
    }),
  ];

  const decode = decodeJson(readingSchema);
  const generated: Reading[] = [];
  let records = 0;
  let deadLetters = 0;
  const incidents: IncidentInfo[] = [];
  try {
    for (let until = sim.startMs + CHUNK_MS; !sim.done; until += CHUNK_MS) {
      const batch: Reading[] = [];
      for (const env of sim.nextBatch(Number.MAX_SAFE_INTEGER, until)) {
        records += 1;
        // the truth is what the machines did: every record once, whether or not it reaches the pipelines
        if (env.label?.disorder !== 'duplicate') generated.push(env.record);
        const decoded = decode(wire(recordText(env), env.key, env.emitMs, records));
        if (decoded.ok) batch.push(decoded.value);
        else deadLetters += 1;
      }
      incidents.push(...sim.takeIncidents());
      readings.addData(batch);
      for (const q of queries) {
        await q.processAllAvailable();
        if (q.exception) throw q.exception;
      }
      onProgress?.(Math.min(1, (until - sim.startMs) / (sim.endMs - sim.startMs)));
    }
  } finally {
    await Promise.all(queries.map((q) => q.stop()));
  }
  return {
    options: o,
    incidents,
    orders,
    imminent,
    health,
    oee: [...oee.values()],
    truth: trueOee(generated, catalog),
    records,
    deadLetters,
    lateOee,
    startMs: sim.startMs,
    endMs: sim.endMs,
    wallMs: performance.now() - wallStart,
  };
}

/** A record as the Kafka source hands it to a decoder. */
function wire(text: string, key: string, timestamp: number, offset: number) {
  return {
    key: Buffer.from(key),
    value: Buffer.from(text),
    topic: 'equipment.readings',
    partition: 0,
    offset,
    timestamp,
    timestampType: 0 as const,
    headers: [],
  };
}
