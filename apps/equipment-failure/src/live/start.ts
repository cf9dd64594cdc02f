/**
 * Runs the use case live. The simulator, paced in real time (time compressed), writes the PLC
 * gateways' records to `equipment.readings` on the hub's broker; every query reads that topic with
 * the Kafka source (records that do not decode are counted by each reader and dead-lettered once,
 * to `equipment.readings-dlq`). Chained stages hand their rows on through in-process feeds, one
 * per reading query, as the fraud use case does. Maintenance completions are routed to
 * `equipment.maintenance` and work orders written to `equipment.work-orders`, both exactly-once
 * (one Kafka transaction per batch); the dashboard reads the orders back, committed only.
 */
import { type LateRecord, type Sink, Stream, type StreamingQuery } from '@streamlab/core';
import { decodeJson, kafkaSink, type TopicDeclaration } from '@streamlab/kafka';
import { Feed, liveSink, type RunningUseCase, type UseCaseContext, type UseCaseSimulation, useCaseKit } from '@streamlab/live';
import { z } from 'zod';
import { type Alert, imminentAlert, limitAlert, orderAlert } from '../domain/alert.js';
import { MODELS, type Sensor } from '../domain/catalog.js';
import { type Reading, readingSchema } from '../domain/reading.js';
import type { MaintenanceEvent, WorkOrder } from '../domain/work-order.js';
import { type BaselineScore, baselineScores } from '../pipelines/anomaly-baseline.js';
import { type LimitScore, limitScores } from '../pipelines/anomaly-limits.js';
import { downtime } from '../pipelines/downtime.js';
import { type ExpiredWarning, type ImminentFailure, dedupAlerts, imminentFailures, thresholds } from '../pipelines/imminent-failure.js';
import { lineOee } from '../pipelines/oee.js';
import { pipelineOptions } from '../pipelines/options.js';
import { type RemainingLife, remainingLife } from '../pipelines/remaining-life.js';
import { sensorHealth } from '../pipelines/sensor-health.js';
import { type SensorStatsRow, sensorStats } from '../pipelines/sensor-stats.js';
import { throughput } from '../pipelines/throughput.js';
import { maintenanceEvents, workOrders } from '../pipelines/work-orders.js';
import { DEMO_MODEL, equipmentSimulator, READINGS_TOPIC, recordsPerSecond } from '../sim/model.js';
import { type MachineHealthRow, queries as q } from '../queries.js';

export const WORK_ORDERS_TOPIC = 'equipment.work-orders';
export const MAINTENANCE_TOPIC = 'equipment.maintenance';
/** The reader that dead-letters undecodable records (the others only count them). */
export const INGEST_QUERY = q.throughput.id;

export interface LiveOptions {
  /** One record per machine every this many simulated ms (five or six sensors each). */
  samplePeriodMs: number;
  /** Simulated time per wall-clock time. */
  speed: number;
  seed: number;
  /** Share of malformed records the simulator sends (dead-lettered and counted). */
  malformed: number;
  topic: string;
  workOrdersTopic: string;
  maintenanceTopic: string;
}

/**
 * The demo: 20 machines, one record each every 5 simulated seconds, 30x time (an hour of the plant
 * in two minutes; 120 records a second on the dashboard), with a cooling failure already under
 * way at the start (see `DEMO_MODEL`).
 */
export const LIVE_DEFAULTS: LiveOptions = {
  samplePeriodMs: 5_000,
  speed: 30,
  seed: 1,
  malformed: 0.002,
  topic: READINGS_TOPIC,
  workOrdersTopic: WORK_ORDERS_TOPIC,
  maintenanceTopic: MAINTENANCE_TOPIC,
};

/**
 * The topics of a run: readings in (with dead letters), work orders out, maintenance completions.
 *
 * @example
 * topics(); // [{ topic: 'equipment.readings', partitions: 2, deadLetters: true }, { topic: 'equipment.work-orders' }, { topic: 'equipment.maintenance' }]
 */
export function topics(o: Pick<LiveOptions, 'topic' | 'workOrdersTopic' | 'maintenanceTopic'> = LIVE_DEFAULTS): TopicDeclaration[] {
  return [{ topic: o.topic, partitions: 2, deadLetters: true }, { topic: o.workOrdersTopic }, { topic: o.maintenanceTopic }];
}

/**
 * The options the hub's `--rate` (records per wall-clock second) and `--speed` stand for; what is
 * not given keeps its default. The rate sets the sample period (the plant floor is fixed).
 *
 * @example
 * simulationOptions({ speed: 60 }, 20); // { speed: 60, samplePeriodMs: 5000 }
 */
export function simulationOptions(
  simulation: UseCaseSimulation = {},
  machines: number,
  defaults: Pick<LiveOptions, 'samplePeriodMs' | 'speed'> = LIVE_DEFAULTS,
) {
  const speed = simulation.speed ?? defaults.speed;
  const samplePeriodMs = simulation.rate !== undefined ? Math.max(100, Math.round((machines * 1_000 * speed) / simulation.rate)) : defaults.samplePeriodMs;
  return { speed, samplePeriodMs };
}

const workOrderSchema = z.object({
  orderId: z.string(),
  machineId: z.string(),
  mode: z.string(),
  status: z.enum(['open', 'closed']),
  openedAt: z.number(),
  eventTime: z.number(),
  closedAt: z.number().nullable(),
  rulAtOpenMs: z.number(),
  dueBy: z.number(),
  resolution: z.string().nullable(),
});
const maintenanceSchema = z.object({ machineId: z.string(), eventTime: z.number(), mode: z.string() });

/** A sink that hands each batch to feeds (one per downstream query), after mapping. */
function toFeeds<T, U = T>(name: string, feeds: readonly Feed<U>[], map: (rows: readonly T[]) => readonly U[] = (r) => r as unknown as readonly U[]): Sink<T> {
  return {
    description: `feeds[${name}]`,
    addBatch(rows) {
      const out = map(rows);
      for (const f of feeds) f.push(out);
    },
  };
}

/** Both: a dashboard query's sink and feeds. */
function tee<T>(...sinks: Sink<T>[]): Sink<T> {
  return {
    description: sinks.map((s) => s.description).join(' + '),
    async open(ctx) {
      for (const s of sinks) await s.open?.(ctx);
    },
    async addBatch(rows, info) {
      for (const s of sinks) await s.addBatch(rows, info);
    },
    async close() {
      for (const s of sinks) await s.close?.();
    },
  };
}

export interface RunningEquipment extends RunningUseCase {
  queries: StreamingQuery[];
}

/**
 * Creates the topics, starts the queries, then the simulator. Its pace: `options`, else the hub's
 * `ctx.simulation` (`--rate`, `--speed`), else {@link LIVE_DEFAULTS}.
 *
 * @example
 * const running = await startEquipmentFailureLive(ctx);
 */
export async function startEquipmentFailureLive(ctx: UseCaseContext, options: Partial<LiveOptions> = {}): Promise<RunningEquipment> {
  // the demo opens an hour into shift A, whatever the time of day: machines are running, not on a
  // break or an unstaffed night shift, so the first minutes have something to show
  const shiftAStartMs = (((Date.now() - 3_600_000) % 86_400_000) + 86_400_000) % 86_400_000;
  const { model, catalog } = equipmentSimulator({ ...DEMO_MODEL, shiftAStartMs });
  const o: LiveOptions = { ...LIVE_DEFAULTS, ...simulationOptions(ctx.simulation, catalog.machines.length), ...options };
  const kit = await useCaseKit(ctx, { topics: topics(o) });
  // a dashboard's demo baseline: three running windows, so a machine is scored within minutes
  const opts = pipelineOptions({ baselineWindows: 3 });
  const carries = (machineId: string, sensor: Sensor) => MODELS[catalog.byId.get(machineId)?.type ?? 'pump'].rated[sensor] !== undefined;
  const decode = decodeJson(readingSchema);
  const readings = (reader: string): Stream<Reading> =>
    kit.read(o.topic, reader, { decode, eventTimeField: 'eventTime', deadLetters: reader === INGEST_QUERY });
  const from = <T>(feed: Feed<T>) => Stream.fromSource(feed);

  // the alert feed: work orders, imminent failures and rated limits; one alert per episode id
  const alertFeed = new Feed<Alert>('alerts');
  kit.publish(q.alerts, from(alertFeed).withWatermark('eventTime', '10 minutes').dropDuplicatesWithinWatermark('alertId'), 'append');

  // 1. statistics, then 2a. baselines and 2b. rated limits
  const statsToBaseline = new Feed<SensorStatsRow>('stats/baseline');
  const statsToLimits = new Feed<SensorStatsRow>('stats/limits');
  kit.run('sensor-stats', sensorStats(readings('sensor-stats'), carries, opts), 'append', toFeeds('stats', [statsToBaseline, statsToLimits]));
  const scoresToLife = new Feed<BaselineScore>('scores/life');
  const scoresToHealth = new Feed<BaselineScore>('scores/health');
  kit.run('baseline', baselineScores(from(statsToBaseline), opts), 'append', toFeeds('scores', [scoresToLife, scoresToHealth]));
  const breaches = toFeeds<LimitScore, Alert>('limit alerts', [alertFeed], (rows) => rows.filter((r) => r.usage >= 1).map(limitAlert));
  kit.run(q.limits.id, limitScores(from(statsToLimits), catalog.limits), 'append', tee(liveSink(ctx, q.limits), breaches));

  // 6. sensor health
  kit.publish(q.sensorHealth, sensorHealth(from(scoresToHealth)), 'append');

  // 4. remaining life -> work orders (exactly-once to Kafka); maintenance completions routed to their topic
  const lifeToOrders = new Feed<RemainingLife>('life/orders');
  const withLine = (rows: readonly RemainingLife[]): MachineHealthRow[] =>
    rows.map((r) => ({ ...r, lineId: catalog.byId.get(r.machineId)?.lineId ?? '', type: catalog.byId.get(r.machineId)?.type ?? '' }));
  const healthSink = liveSink(ctx, q.machineHealth);
  kit.run(q.machineHealth.id, remainingLife(from(scoresToLife)), 'append', {
    description: `${healthSink.description} + feeds[life]`,
    open: (c) => healthSink.open?.(c),
    close: () => healthSink.close?.(),
    async addBatch(rows, info) {
      await healthSink.addBatch(withLine(rows), info);
      lifeToOrders.push(rows);
    },
  });
  const exactlyOnce = <T>(topic: string, key: (row: T) => string) =>
    kafkaSink<T>({ client: kit.kafka, topic, guarantee: 'exactly-once', toRecord: (r) => ({ key: key(r), value: r }) });
  kit.run(
    'maintenance-router',
    maintenanceEvents(readings('maintenance')),
    'append',
    exactlyOnce<MaintenanceEvent>(o.maintenanceTopic, (m) => m.machineId),
  );
  const maintenance = kit.read(o.maintenanceTopic, 'work-orders', {
    decode: decodeJson(maintenanceSchema),
    eventTimeField: 'eventTime',
    isolationLevel: 'read_committed',
  });
  kit.run(
    'work-orders-writer',
    workOrders(from(lifeToOrders), maintenance, opts),
    'append',
    exactlyOnce<WorkOrder>(o.workOrdersTopic, (w) => w.machineId),
  );
  const orders = (reader: string) =>
    kit.read(o.workOrdersTopic, reader, { decode: decodeJson(workOrderSchema), eventTimeField: 'eventTime', isolationLevel: 'read_committed' });
  kit.publish(q.workOrders, orders(q.workOrders.id), 'append');
  kit.run(
    'order-alerts',
    orders('alerts'),
    'append',
    toFeeds<WorkOrder, Alert>('order alerts', [alertFeed], (rows) => rows.filter((w) => w.status === 'open').map(orderAlert)),
  );

  // 3. the imminent-failure pattern; its expired warnings to a side output
  const expired = new Feed<ExpiredWarning>('expired-warnings');
  const timedOut = toFeeds<ExpiredWarning>('expired', [expired]);
  const imminent = new Feed<ImminentFailure>('imminent');
  kit.run(
    'imminent-failure',
    imminentFailures(readings('imminent-failure'), thresholds(catalog), opts, { timedOut }),
    'append',
    toFeeds('imminent', [imminent]),
  );
  kit.run(
    'imminent-alerts',
    dedupAlerts(from(imminent)),
    'append',
    toFeeds<ImminentFailure, Alert>('imminent alerts', [alertFeed], (rows) => rows.map(imminentAlert)),
  );
  kit.publish(
    q.expiredWarnings,
    from(expired).map((e) => ({ key: e.key, stage: e.stage, startMs: e.startMs, watermarkMs: e.watermarkMs })),
    'append',
  );

  // 5. OEE and downtime; OEE's late records to a side output, shown and counted
  const late = new Feed<LateRecord<Reading>>('late-readings');
  const lateSink = toFeeds<LateRecord, LateRecord<Reading>>('late', [late], (rows) => rows as readonly LateRecord<Reading>[]);
  kit.publish(q.oee, lineOee(readings(q.oee.id), catalog, { ...opts, shiftAStartMs }, lateSink), 'update');
  kit.publish(
    q.lateReadings,
    from(late).map((l) => ({ eventTimeMs: l.eventTimeMs, watermarkMs: l.watermarkMs, lateByMs: l.lateByMs, machineId: l.row.machineId, lineId: l.row.lineId })),
    'append',
  );
  kit.publish(q.downtime, downtime(readings(q.downtime.id), opts), 'update');

  kit.publish(q.throughput, throughput(readings(INGEST_QUERY)), 'update');
  kit.deadLetters(q.deadLetters, o.topic);

  kit.simulate(model, {
    topic: o.topic,
    ratePerSec: recordsPerSecond(catalog, o.samplePeriodMs),
    speed: o.speed,
    seed: o.seed,
    disorder: { outOfOrder: 0.02, maxDelayMs: 5_000, duplicates: 0.005, malformed: o.malformed },
  });
  return { ...kit.running(), queries: [...kit.queries] };
}
