/**
 * Runs the use case live. The simulator, paced in real time, writes GPS pings to `fleet.pings` and
 * the city feed's reports to `fleet.incidents`; every query reads them with the Kafka source
 * (undecodable or impossible pings are dead-lettered once, with their reason, to `fleet.pings-dlq`;
 * teleports join them from their own query). Segment speeds feed incident detection in process (as
 * in Spark, state cannot follow an aggregation in one query); both keep the live traffic view that
 * rerouting and ETAs read. Reroutes go to `fleet.reroutes` exactly once (a transaction per batch),
 * and are read back from there, committed records only, by the dashboard and by the vehicles: the
 * simulator follows them (the closed loop).
 */
import { last, type Sink, Stream } from '@streamlab/core';
import { Simulation, runSimulation, kafkaOutput, type SimBatch, type SimOutput } from '@streamlab/datagen';
import { deadLetterTopic, decodeJson, kafkaSink, type TopicDeclaration } from '@streamlab/kafka';
import { Feed, type RunningUseCase, type UseCaseContext, type UseCaseKit, type UseCaseSimulation, useCaseKit } from '@streamlab/live';
import { cityNetwork } from '../domain/city.js';
import { LiveTraffic, SUSPECT_FOR_MS, SUSPECT_RADIUS_M } from '../domain/live-traffic.js';
import { type IncidentReport, incidentReportSchema, type Ping, pingSchema } from '../domain/ping.js';
import { rerouteSchema } from '../domain/reroute.js';
import { confirmation } from '../pipelines/confirmation.js';
import { stopEtas } from '../pipelines/eta-risk.js';
import { fleetKpis } from '../pipelines/fleet-kpis.js';
import { type DetectedIncident, incidentDetection } from '../pipelines/incident-detection.js';
import { mapMatching, roadCells } from '../pipelines/map-matching.js';
import { teleports } from '../pipelines/ping-quality.js';
import { rerouting } from '../pipelines/rerouting.js';
import { type SegmentSpeedRow, segmentSpeeds } from '../pipelines/segment-speeds.js';
import { type SpotSpeed, spotSpeeds } from '../pipelines/spot-speeds.js';
import { silentVehicles } from '../pipelines/silent-vehicles.js';
import { createFleetModel, MODEL_DEFAULTS, PINGS_TOPIC } from '../sim/model.js';
import { PINGS_PER_VEHICLE_SEC } from '../sim/telematics.js';
import { type FleetWorld, RerouteInbox } from '../sim/world.js';
import { type IncidentRow, queries as q, type VehicleRow } from '../queries.js';
import { teleportDeadLetter, withOrigin } from './teleport-dead-letters.js';

export const INCIDENTS_TOPIC = 'fleet.incidents';
export const REROUTES_TOPIC = 'fleet.reroutes';
export const WATERMARK = '15 seconds';

export interface LiveOptions {
  /** The fleet: each vehicle pings on its own 2-5 s clock, so this sets the ping rate (`liveRatePerSec`). */
  vehicles: number;
  /** Simulated time per wall-clock time. */
  speed: number;
  seed: number;
  /** Share of malformed and impossible pings. */
  malformed: number;
  /** Wall-clock time the simulator runs for. */
  durationMs: number;
}

/**
 * The demo: 150 vehicles, each pinging every 2-5 s, at 15x real time (about 687 pings per second
 * on the wall); the first crash 30 simulated seconds in, where most vehicles drive, detected at
 * about 100 s of event time, some 8 s on the wall.
 */
export const LIVE_DEFAULTS: LiveOptions = { vehicles: 150, speed: 15, seed: 1, malformed: 0.003, durationMs: 7 * 24 * 3_600_000 };

/**
 * Pings per wall-clock second of a live run: the fleet's mean rate times the speed.
 *
 * @example
 * liveRatePerSec(LIVE_DEFAULTS); // ~687
 */
export function liveRatePerSec(o: Pick<LiveOptions, 'vehicles' | 'speed'>): number {
  return o.vehicles * PINGS_PER_VEHICLE_SEC * o.speed;
}

/**
 * The topics of a run.
 *
 * @example
 * fleetTopics(); // fleet.pings (with its dead-letter topic), fleet.incidents, fleet.reroutes
 */
export function fleetTopics(): TopicDeclaration[] {
  return [{ topic: PINGS_TOPIC, partitions: 2, deadLetters: true }, { topic: INCIDENTS_TOPIC }, { topic: REROUTES_TOPIC }];
}

/**
 * The hub's `--rate` (pings per wall-clock second) and `--speed`, over the defaults. Each vehicle
 * keeps its own 2-5 s interval, so a rate sets the fleet's size: the vehicles that ping that often
 * at that speed. A speed alone keeps the fleet (the same traffic, faster or slower on the wall),
 * as every use case's simulator keeps its simulated rate.
 *
 * @example
 * simulationOptions({ rate: 900 }); // { vehicles: 196, speed: 15 }
 */
export function simulationOptions(
  s: UseCaseSimulation = {},
  d: Pick<LiveOptions, 'vehicles' | 'speed'> = LIVE_DEFAULTS,
): Pick<LiveOptions, 'vehicles' | 'speed'> {
  const speed = s.speed ?? d.speed;
  const vehicles = s.rate === undefined ? d.vehicles : Math.max(1, Math.round(s.rate / speed / PINGS_PER_VEHICLE_SEC));
  return { vehicles, speed };
}

/** A sink that hands each batch to functions (the traffic view, feeds). */
const tee = <T>(description: string, ...to: ((rows: readonly T[]) => void)[]): Sink<T> => ({
  description,
  addBatch(rows: readonly T[]) {
    for (const f of to) f(rows);
  },
});

const LEVEL = { blocked: 'critical', major: 'high', minor: 'medium' } as const;

/** What the query set needs of the kit: the live run gives it `useCaseKit`, the bench one of its own. */
export type FleetKit = Pick<UseCaseKit, 'kafka' | 'read' | 'run' | 'publish' | 'deadLetters'>;

/**
 * Starts the queries, then the simulator.
 *
 * @example
 * const running = await startFleetLive(ctx);
 */
export async function startFleetLive(ctx: UseCaseContext, options: Partial<LiveOptions> = {}): Promise<RunningUseCase> {
  const o: LiveOptions = { ...LIVE_DEFAULTS, ...simulationOptions(ctx.simulation), ...options };
  const kit = await useCaseKit(ctx, { topics: fleetTopics() });
  const inbox = new RerouteInbox();
  fleetQueries(kit, { seed: o.seed, silentAfterMs: Math.max(5_000, Math.round(60_000 / o.speed)) }, inbox);
  startSimulation(kit, ctx, o, inbox);
  return kit.running();
}

/**
 * Every query of the use case, on a kit (the live run's, or the bench's): reads of the topics,
 * dashboard publications, the writes to fleet.reroutes and the dead-letter topic, and the vehicles'
 * receiver of reroutes, which hands them to `inbox`.
 *
 * @example
 * fleetQueries(kit, { seed: 1, silentAfterMs: 7_500 }, new RerouteInbox());
 */
export function fleetQueries(kit: FleetKit, o: { seed: number; silentAfterMs: number }, inbox: RerouteInbox): LiveTraffic {
  const net = cityNetwork(o.seed);
  const cells = roadCells(net);
  const traffic = new LiveTraffic(net);
  const decodePing = decodeJson(pingSchema(net));
  const pings = (reader: string) => kit.read<Ping>(PINGS_TOPIC, reader, { decode: decodePing, eventTimeField: 'eventTime' });
  const matched = (reader: string) => mapMatching(pings(reader), net, cells).withWatermark('eventTime', WATERMARK);

  // segment speeds: final windows feed incident detection and the traffic view; the map gets them as they fill
  const speedsFeed = new Feed<SegmentSpeedRow>('segment-speeds/final');
  kit.run(
    'segment-speeds-final',
    segmentSpeeds(matched('speeds')),
    'append',
    tee<SegmentSpeedRow>(
      'traffic view + detection feed',
      (rows) => {
        for (const r of rows) traffic.observe(r.segment, r.congestion, r.window.end);
      },
      (rows) => speedsFeed.push(rows),
    ),
  );
  kit.publish(q.segments, segmentSpeeds(matched(q.segments.id)), 'update');
  // the newest speed a moving vehicle shows on each segment: new routes avoid a slowdown before its windows are final
  kit.run(
    'spot-speeds',
    spotSpeeds(matched('spots'), net),
    'append',
    tee<SpotSpeed>('traffic view', (rows) => {
      for (const r of rows) traffic.spot(r.segment, r.ratio, r.eventTime);
    }),
  );

  const detectedFeed = new Feed<DetectedIncident>('incidents/confirmation');
  const closuresFeed = new Feed<DetectedIncident>('incidents/closures');
  const incidentsFeed = new Feed<DetectedIncident>('incidents/dashboard');
  kit.run(
    'incident-detection',
    incidentDetection(Stream.fromSource(speedsFeed)),
    'append',
    tee<DetectedIncident>(
      'traffic view + feeds',
      (rows) => {
        for (const d of rows) {
          if (d.status === 'open') traffic.open({ segmentId: d.segmentId, segment: d.segment, severity: d.severity, sinceMs: d.sinceMs });
          else traffic.clear(d.segment);
        }
      },
      (rows) => detectedFeed.push(rows),
      (rows) => closuresFeed.push(rows),
      (rows) => incidentsFeed.push(rows),
    ),
  );
  const incidentRows = Stream.fromSource(incidentsFeed).map((d): IncidentRow => {
    const s = net.segments[d.segment]!;
    const what = d.severity === 'blocked' ? 'blocked' : `${d.severity} slowdown`;
    const reason = d.status === 'open' ? `${what} on ${d.street}: ${Math.round(d.congestion * 100)}% of free flow` : `cleared on ${d.street}`;
    return { ...d, reason, lat: s.midLat, lon: s.midLon, level: d.status === 'open' ? LEVEL[d.severity] : 'medium' };
  });
  kit.publish(q.incidents, incidentRows, 'append');

  const reports = (reader: string) =>
    kit.read<IncidentReport>(INCIDENTS_TOPIC, reader, { decode: decodeJson(incidentReportSchema), eventTimeField: 'reportedAt' });
  // an unconfirmed report already makes its street expensive to route through (see LiveTraffic.suspect)
  kit.run(
    'reported-incidents',
    reports('suspects'),
    'append',
    tee('traffic view', (rows) => rows.forEach((r) => traffic.suspect(r, SUSPECT_RADIUS_M, SUSPECT_FOR_MS))),
  );
  // the join twice (a few rows a minute): published as it is, so its health shows its inputs, and
  // into the traffic view, where a confirmed closure is closed whatever speeds the few vehicles still on it show
  const confirmed = (reader: string, detected: Feed<DetectedIncident>) =>
    confirmation(reports(reader).withWatermark('reportedAt', '1 minute'), Stream.fromSource(detected).withWatermark('eventTime', '1 minute'), net);
  kit.publish(q.confirmed, confirmed(q.confirmed.id, detectedFeed), 'append');
  kit.run(
    'confirmed-closures',
    confirmed('closures', closuresFeed),
    'append',
    tee('traffic view', (rows) => {
      for (const c of rows)
        if (c.kind === 'closure') traffic.open({ segmentId: c.segmentId, segment: Number(c.segmentId.slice(2)), severity: 'blocked', sinceMs: c.detectedAt });
    }),
  );

  kit.run(
    'rerouting',
    rerouting(matched('rerouting'), { net, traffic }),
    'append',
    kafkaSink({ client: kit.kafka, topic: REROUTES_TOPIC, guarantee: 'exactly-once', toRecord: (r) => ({ key: r.vehicleId, value: r }) }),
  );
  const decodeReroute = decodeJson(rerouteSchema);
  const reroutes = (reader: string) =>
    kit.read(REROUTES_TOPIC, reader, { decode: decodeReroute, eventTimeField: 'eventTime', isolationLevel: 'read_committed' });
  kit.publish(q.reroutes, reroutes(q.reroutes.id), 'append');

  kit.publish(q.etas, stopEtas(matched(q.etas.id), { net, traffic }), 'update');
  kit.publish(q.silent, silentVehicles(pings(q.silent.id), o.silentAfterMs), 'append');
  kit.publish(q.kpis, fleetKpis(pings(q.kpis.id).withWatermark('eventTime', WATERMARK)), 'update');
  const latest = matched(q.vehicles.id)
    .groupBy('vehicleId')
    .agg({
      lat: last('lat'),
      lon: last('lon'),
      headingDeg: last('headingDeg'),
      speedKmh: last('speedKmh'),
      street: last('street'),
      stopped: last('stopped'),
      eventTime: last('eventTime'),
    })
    .map(
      (r): VehicleRow => ({
        vehicleId: r.vehicleId,
        lat: r.lat,
        lon: r.lon,
        headingDeg: r.headingDeg,
        speedKmh: r.speedKmh,
        street: r.street,
        stopped: r.stopped,
        eventTime: r.eventTime,
      }),
    );
  kit.publish(q.vehicles, latest, 'update', { volatile: true });

  // teleports pass the schema; their query writes them beside the records that did not decode, with
  // the same headers: the reason and where the ping was read (its reader keeps each row's origin)
  const teleportPings = kit.read(PINGS_TOPIC, 'teleports', { decode: withOrigin(decodePing), eventTimeField: 'eventTime' });
  kit.run(
    'teleports',
    teleports(teleportPings),
    'append',
    kafkaSink({ client: kit.kafka, topic: deadLetterTopic(PINGS_TOPIC), guarantee: 'exactly-once', toRecord: teleportDeadLetter }),
  );
  kit.deadLetters(q.deadLetters, PINGS_TOPIC);

  // the closed loop: the vehicles' receivers read fleet.reroutes (committed only) and take them on their next step
  kit.run(
    'vehicles-receive-reroutes',
    reroutes('vehicles'),
    'append',
    tee('vehicle inboxes', (rows) => rows.forEach((r) => inbox.deliver(r))),
  );

  return traffic;
}

/** The simulator: pings to fleet.pings (each vehicle on its own clock, dropouts in the model), the feed's reports to fleet.incidents. */
function startSimulation(kit: UseCaseKit, ctx: UseCaseContext, o: LiveOptions, inbox: RerouteInbox): void {
  let world: FleetWorld | undefined;
  const model = createFleetModel({ ...MODEL_DEFAULTS, vehicles: o.vehicles, networkSeed: o.seed, inbox, onWorld: (w) => (world = w) });
  const disorder = { outOfOrder: 0.03, maxDelayMs: 5_000, late: 0.002, lateDelayMs: 15_000, lateSpreadMs: 30_000, duplicates: 0.01, malformed: o.malformed };
  const sim = new Simulation(model, {
    seed: o.seed,
    speed: o.speed,
    durationMs: o.durationMs,
    startMs: Date.now(),
    disorder,
  });
  const pingOut = kafkaOutput<Ping>({ client: kit.kafka, topic: PINGS_TOPIC, labelsTopic: null });
  const reportOut = kafkaOutput<IncidentReport>({ client: kit.kafka, topic: INCIDENTS_TOPIC, labelsTopic: null });
  let reportSeq = 0;
  const output: SimOutput<Ping> = {
    description: `kafka:${PINGS_TOPIC}+${INCIDENTS_TOPIC}`,
    async write(batch: SimBatch<Ping>) {
      const w = world!;
      await pingOut.write(batch);
      const until = batch.envelopes[batch.envelopes.length - 1]?.emitMs ?? 0;
      const reports = w.takeReports(until).map((r) => ({ seq: reportSeq++, key: r.reportId, eventTimeMs: r.reportedAt, emitMs: r.reportedAt, record: r }));
      if (reports.length > 0) await reportOut.write({ envelopes: reports, incidents: [], recordId: (e) => e.record.reportId });
    },
    async close() {
      await pingOut.close?.();
      await reportOut.close?.();
    },
  };
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  const done = runSimulation(sim, output, { signal: abort.signal, logger: ctx.logger }).catch((err: unknown) => {
    ctx.logger.error({ err }, 'fleet-rerouting simulator stopped');
    return null;
  });
  kit.onStop(async () => {
    ctx.signal.removeEventListener('abort', onAbort);
    abort.abort();
    await done;
  });
}
