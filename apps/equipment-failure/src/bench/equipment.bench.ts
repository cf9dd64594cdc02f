/**
 * `npm run bench -- equipment`: the whole query set (sliding sensor statistics, learned baselines,
 * rated limits, remaining life, work orders, sensor health, the imminent-failure pattern, OEE,
 * downtime sessions, throughput) over 5,000 sensors at 1 Hz: 1,000 machines of five sensors, one
 * gateway record per machine per simulated second, decoded from their wire text by the readings
 * schema as the Kafka source does. In one process (one core: the engine is single-threaded).
 * Against a same-run baseline: a hand loop that decodes the same records and keeps a running mean
 * per machine and sensor. Rates are per CPU-second of the process, so a loaded, shared machine
 * does not hide them; wall-clock rate and load average are printed beside. Target: 1x real time
 * (5,000 sensor samples per second) or better. BENCH_EVENTS scales the simulated seconds (default
 * 600 simulated seconds = 600,000 records).
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { MemoryStream, type Stream, StreamingSession, type StreamingQuery } from '@streamlab/core';
import { recordText, Simulation } from '@streamlab/datagen';
import { decodeJson } from '@streamlab/kafka';
import { pino } from 'pino';
import { MODELS, type Sensor, SENSORS } from '../domain/catalog.js';
import { type Reading, readingSchema } from '../domain/reading.js';
import { baselineScores, type BaselineScore } from '../pipelines/anomaly-baseline.js';
import { limitScores } from '../pipelines/anomaly-limits.js';
import { downtime } from '../pipelines/downtime.js';
import { imminentFailures, thresholds } from '../pipelines/imminent-failure.js';
import { lineOee } from '../pipelines/oee.js';
import { pipelineOptions } from '../pipelines/options.js';
import { remainingLife, type RemainingLife } from '../pipelines/remaining-life.js';
import { sensorHealth } from '../pipelines/sensor-health.js';
import { type SensorStatsRow, sensorStats } from '../pipelines/sensor-stats.js';
import { throughput } from '../pipelines/throughput.js';
import { maintenanceEvents, workOrders } from '../pipelines/work-orders.js';
import { equipmentSimulator, recordsPerSecond } from '../sim/model.js';

const SENSOR_COUNT = 5_000;
const SIM_SECONDS = Math.max(60, Math.round(Number(process.env['BENCH_EVENTS'] ?? 600_000) / 1_000));
/** Simulated time per micro-batch: the live trigger's half second at the hub's 30x is 15 s; a busier plant batches less. */
const BATCH_MS = 5_000;
const silent = pino({ level: 'silent' });

const { model, catalog } = equipmentSimulator({ catalog: { plants: 10, linesPerPlant: 10, machinesPerLine: 10 } });
const carries = (machineId: string, sensor: Sensor) => MODELS[catalog.byId.get(machineId)!.type].rated[sensor] !== undefined;
const sensorsPerMachine = catalog.machines.reduce((n, m) => n + Object.keys(MODELS[m.type].rated).length, 0) / catalog.machines.length;

/** The wire texts of the run, per micro-batch (made before timing: the simulator is not measured). */
function wireBatches(): { batches: Buffer[][]; records: number } {
  const sim = new Simulation(model, {
    seed: 1,
    ratePerSec: recordsPerSecond(catalog, 1_000),
    durationMs: SIM_SECONDS * 1_000,
    startMs: Date.parse('2026-01-05T07:00:00Z'),
    disorder: { outOfOrder: 0.02, maxDelayMs: 5_000, duplicates: 0.005, malformed: 0.002 },
  });
  const batches: Buffer[][] = [];
  let records = 0;
  for (let until = sim.startMs + BATCH_MS; !sim.done; until += BATCH_MS) {
    const b = sim.nextBatch(Number.MAX_SAFE_INTEGER, until).map((e) => Buffer.from(recordText(e)));
    records += b.length;
    batches.push(b);
  }
  return { batches, records };
}

const wire = (value: Buffer, offset: number) => ({
  key: null,
  value,
  topic: 'equipment.readings',
  partition: 0,
  offset,
  timestamp: 0,
  timestampType: 0 as const,
  headers: [],
});

function cpuSeconds(from: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(from);
  return (c.user + c.system) / 1e6;
}

/** Baseline: decode every record and keep a running mean per machine and sensor, by hand. */
function baseline(batches: Buffer[][]): { cpuSeconds: number } {
  const cpu0 = process.cpuUsage();
  const decode = decodeJson(readingSchema);
  const means = new Map<string, { n: number; mean: number }>();
  let offset = 0;
  for (const batch of batches) {
    for (const value of batch) {
      const d = decode(wire(value, offset++));
      if (!d.ok) continue;
      for (const s of SENSORS) {
        const v = d.value[s];
        if (v === null) continue;
        const k = `${d.value.machineId}|${s}`;
        let m = means.get(k);
        if (!m) means.set(k, (m = { n: 0, mean: 0 }));
        m.n += 1;
        m.mean += (v - m.mean) / m.n;
      }
    }
  }
  if (means.size === 0) throw new Error('baseline decoded nothing');
  return { cpuSeconds: cpuSeconds(cpu0) };
}

/** The query set, chained as the live run chains it (feeds there, memory streams here). */
async function pipeline(batches: Buffer[][]): Promise<{ cpuSeconds: number; seconds: number; queries: number; outputRows: number; orders: number }> {
  const session = new StreamingSession({ logger: silent });
  const opts = pipelineOptions();
  const readings = new MemoryStream<Reading>({ name: 'readings' });
  const stats = new MemoryStream<SensorStatsRow>({ name: 'stats' });
  const scores = new MemoryStream<BaselineScore>({ name: 'scores' });
  const life = new MemoryStream<RemainingLife>({ name: 'life' });
  let outputRows = 0;
  let orders = 0;
  const queries: StreamingQuery[] = [];
  const start = <T>(name: string, s: Stream<T>, mode: 'append' | 'update', each?: (rows: readonly T[]) => void) => {
    queries.push(
      s.writeStream
        .session(session)
        .outputMode(mode)
        .queryName(name)
        .foreachBatch((rows) => {
          outputRows += rows.length;
          each?.(rows);
        })
        .start(),
    );
  };
  const fork =
    <T>(...to: MemoryStream<T>[]) =>
    (rows: readonly T[]) => {
      if (rows.length > 0) for (const m of to) m.addData(rows);
    };
  const statsForLimits = new MemoryStream<SensorStatsRow>({ name: 'stats-limits' });
  const scoresForHealth = new MemoryStream<BaselineScore>({ name: 'scores-health' });
  start('sensor-stats', sensorStats(readings.toStream(), carries, opts), 'append', fork(stats, statsForLimits));
  start('baseline', baselineScores(stats.toStream(), opts), 'append', fork(scores, scoresForHealth));
  start('limit-scores', limitScores(statsForLimits.toStream(), catalog.limits), 'append');
  start('remaining-life', remainingLife(scores.toStream()), 'append', fork(life));
  start('work-orders', workOrders(life.toStream(), maintenanceEvents(readings.toStream()), opts), 'append', (rows) => void (orders += rows.length));
  start('sensor-health', sensorHealth(scoresForHealth.toStream()), 'append');
  start('imminent-failure', imminentFailures(readings.toStream(), thresholds(catalog), opts), 'append');
  start('oee', lineOee(readings.toStream(), catalog, opts), 'update');
  start('downtime', downtime(readings.toStream(), opts), 'update');
  start('throughput', throughput(readings.toStream()), 'update');

  const decode = decodeJson(readingSchema);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let offset = 0;
  for (const batch of batches) {
    const rows: Reading[] = [];
    for (const value of batch) {
      const d = decode(wire(value, offset++));
      if (d.ok) rows.push(d.value);
    }
    readings.addData(rows);
    for (const q of queries) {
      await q.processAllAvailable();
      if (q.exception) throw q.exception;
    }
  }
  const result = { cpuSeconds: cpuSeconds(cpu0), seconds: (performance.now() - t0) / 1000, queries: queries.length, outputRows, orders };
  for (const q of queries) await q.stop();
  return result;
}

const { batches, records } = wireBatches();
const base = baseline(batches);
const run = await pipeline(batches);
const samples = records * sensorsPerMachine;
const samplesPerCpuSec = samples / run.cpuSeconds;
const baselinePerCpuSec = samples / base.cpuSeconds;
process.stdout.write(
  `${JSON.stringify({
    workload: 'equipment.all-queries.5000-sensors-1hz',
    machines: catalog.machines.length,
    sensors: Math.round(catalog.machines.length * sensorsPerMachine),
    target: SENSOR_COUNT,
    simulatedSeconds: SIM_SECONDS,
    records,
    queries: run.queries,
    samplesPerSec: Math.round(samplesPerCpuSec),
    wallSamplesPerSec: Math.round(samples / run.seconds),
    loadAverage1m: Math.round(loadavg()[0]! * 10) / 10,
    baselineSamplesPerSec: Math.round(baselinePerCpuSec),
    ratio: Math.round((samplesPerCpuSec / baselinePerCpuSec) * 1000) / 1000,
    timesRealTime: Math.round((SIM_SECONDS / run.cpuSeconds) * 100) / 100,
    keepsUp: SIM_SECONDS / run.cpuSeconds >= 1,
    outputRows: run.outputRows,
    workOrders: run.orders,
  })}\n`,
);
