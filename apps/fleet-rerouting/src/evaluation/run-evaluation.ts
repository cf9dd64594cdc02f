/**
 * The evaluation: one seeded scenario run twice, in memory and as fast as it goes, with the live
 * queries in the loop: once with rerouting (the vehicles follow the reroutes the query emits), once
 * without (the reroutes are computed and dropped). Each simulated tick, the simulator's pings (as
 * they arrive: out of order, late, duplicated, malformed, with dropouts) and the feed's reports go
 * into the queries; the segment speeds and detected incidents update the live traffic view; the
 * reroutes go back to the vehicles. Detection is scored against the ground-truth incidents (datagen's
 * `scoreDetections`), rerouting by the delay of the deliveries whose planned route crossed an incident.
 */
import { MemoryStream, type StreamingQuery } from '@streamlab/core';
import { scoreDetections, Simulation, type Scorecard, type TruthIncident, median } from '@streamlab/datagen';
import { cityNetwork } from '../domain/city.js';
import { LiveTraffic, SUSPECT_FOR_MS, SUSPECT_RADIUS_M } from '../domain/live-traffic.js';
import { type IncidentReport, type Ping, pingSchema } from '../domain/ping.js';
import type { Reroute } from '../domain/reroute.js';
import { confirmation, type ConfirmedIncident } from '../pipelines/confirmation.js';
import { type DetectedIncident, incidentDetection } from '../pipelines/incident-detection.js';
import { mapMatching, roadCells } from '../pipelines/map-matching.js';
import { rerouting } from '../pipelines/rerouting.js';
import { type SegmentSpeedRow, segmentSpeeds } from '../pipelines/segment-speeds.js';
import { spotSpeeds } from '../pipelines/spot-speeds.js';
import { createFleetModel, MODEL_DEFAULTS } from '../sim/model.js';
import { type FleetWorld, type LegOutcome, RerouteInbox } from '../sim/world.js';

export interface EvaluationOptions {
  seed: number;
  vehicles: number;
  /** Simulated span. */
  minutes: number;
  /** Simulated time fed to the queries per micro-batch. */
  tickMs: number;
  /** Simulated start: Monday 06:30 UTC (07:30 in Cologne), into the morning rush. */
  startMs: number;
}

export const EVALUATION_OPTIONS: EvaluationOptions = {
  seed: 7,
  vehicles: 200,
  minutes: 120,
  tickMs: 10_000,
  startMs: Date.UTC(2026, 0, 5, 6, 30),
};

export const WATERMARK = '15 seconds';

export interface RunResult {
  rerouting: boolean;
  world: FleetWorld;
  detections: DetectedIncident[];
  confirmations: ConfirmedIncident[];
  reroutes: Reroute[];
  followed: number;
  pings: number;
  rejected: number;
  /** Reroutes whose new route used a segment known to be blocked when it was sent (must be 0). */
  throughKnownClosed: number;
}

/**
 * One run: the simulation and the queries, ticking together.
 *
 * @example
 * const run = await runOnce({ ...EVALUATION_OPTIONS, minutes: 10 }, true);
 */
export async function runOnce(o: EvaluationOptions, withRerouting: boolean, onProgress?: (fraction: number) => void): Promise<RunResult> {
  const inbox = new RerouteInbox();
  let world: FleetWorld | undefined;
  const model = createFleetModel({ ...MODEL_DEFAULTS, vehicles: o.vehicles, networkSeed: o.seed, inbox, onWorld: (w) => (world = w) });
  const durationMs = o.minutes * 60_000;
  const disorder = { outOfOrder: 0.03, maxDelayMs: 5_000, late: 0.002, lateDelayMs: 15_000, lateSpreadMs: 30_000, duplicates: 0.01, malformed: 0.001 };
  // each vehicle pings on its own clock (the model's every): the rate follows from the fleet
  const sim = new Simulation(model, { seed: o.seed, durationMs, startMs: o.startMs, disorder });
  const net = cityNetwork(o.seed);
  const schema = pingSchema(net);
  const traffic = new LiveTraffic(net);
  const cells = roadCells(net);

  const pings = new MemoryStream<Ping>({ name: 'pings' });
  const reports = new MemoryStream<IncidentReport>({ name: 'reports' });
  const detectedIn = new MemoryStream<DetectedIncident>({ name: 'detected' });
  const speedsIn = new MemoryStream<SegmentSpeedRow>({ name: 'segment-speeds' });
  const watermarked = () => mapMatching(pings.toStream(), net, cells).withWatermark('eventTime', WATERMARK);
  const detections: DetectedIncident[] = [];
  const confirmations: ConfirmedIncident[] = [];
  const reroutes: Reroute[] = [];
  let throughKnownClosed = 0;

  const queries: StreamingQuery[] = [
    spotSpeeds(mapMatching(pings.toStream(), net, cells), net)
      .writeStream.outputMode('append')
      .queryName('spot-speeds')
      .foreachBatch((rows) => {
        for (const r of rows) traffic.spot(r.segment, r.ratio, r.eventTime);
      })
      .start(),
    segmentSpeeds(watermarked())
      .writeStream.outputMode('append')
      .queryName('segment-speeds')
      .foreachBatch((rows) => {
        for (const r of rows) traffic.observe(r.segment, r.congestion, r.window.end);
        speedsIn.addData(rows);
      })
      .start(),
    incidentDetection(speedsIn.toStream())
      .writeStream.outputMode('append')
      .queryName('incidents')
      .foreachBatch((rows) => {
        for (const d of rows) {
          detections.push(d);
          if (d.status === 'open') traffic.open({ segmentId: d.segmentId, segment: d.segment, severity: d.severity, sinceMs: d.sinceMs });
          else traffic.clear(d.segment);
        }
        detectedIn.addData(rows);
      })
      .start(),
    confirmation(reports.toStream().withWatermark('reportedAt', '1 minute'), detectedIn.toStream().withWatermark('eventTime', '1 minute'), net)
      .writeStream.outputMode('append')
      .queryName('confirmation')
      .foreachBatch((rows) => {
        for (const c of rows) {
          confirmations.push(c);
          // a confirmed closure is closed, whatever speeds the few vehicles still on it show
          if (c.kind === 'closure')
            traffic.open({ segmentId: c.segmentId, segment: net.segments.findIndex((s) => s.id === c.segmentId), severity: 'blocked', sinceMs: c.detectedAt });
        }
      })
      .start(),
    rerouting(watermarked(), { net, traffic })
      .writeStream.outputMode('append')
      .queryName('rerouting')
      .foreachBatch((rows) => {
        for (const r of rows) {
          if (r.newRoute.some((s) => traffic.isClosed(s, r.eventTime))) throughKnownClosed++;
          reroutes.push(r);
          if (withRerouting) inbox.deliver(r);
        }
      })
      .start(),
  ];

  let nPings = 0;
  let rejected = 0;
  try {
    for (let t = o.startMs + o.tickMs; t <= o.startMs + durationMs; t += o.tickMs) {
      const rows: Ping[] = [];
      for (const env of sim.nextBatch(Number.MAX_SAFE_INTEGER, t)) {
        // as the Kafka source decodes: the wire text, parsed and checked by the schema
        const parsed = safeJson(env.text ?? JSON.stringify(env.record));
        const ok = schema.safeParse(parsed);
        if (ok.success) rows.push(ok.data);
        else rejected++;
      }
      nPings += rows.length;
      pings.addData(rows);
      const published = world!.takeReports(t);
      // an unconfirmed report already makes its street expensive to route through (see LiveTraffic.suspect)
      for (const r of published) traffic.suspect(r, SUSPECT_RADIUS_M, SUSPECT_FOR_MS);
      reports.addData(published);
      for (const q of queries) await q.processAllAvailable();
      onProgress?.((t - o.startMs) / durationMs);
    }
  } finally {
    for (const q of queries) await q.stop();
  }
  return {
    rerouting: withRerouting,
    world: world!,
    detections,
    confirmations,
    reroutes,
    followed: inbox.received,
    pings: nPings,
    rejected,
    throughKnownClosed,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * How old the first sign of a closure must be before the planner can know of it, and a vehicle be
 * told: the ping that shows it (up to 5 s after the vehicle slowed, and far enough in to be matched
 * to the segment), the next micro-batch (10 s of event time), the reroute taken at the vehicle's
 * next step (up to 5 s).
 */
export const REACTION_MS = 20_000;

export interface EvaluationReport {
  options: EvaluationOptions;
  detection: Scorecard;
  incidents: number;
  /** Incidents (kind, segment, start) that differ between the two runs: 0, or the comparison is unfair. */
  incidentsDiffering: number;
  /** Incidents no vehicle drove into (nothing to see): left out of recall. */
  unobserved: number;
  confirmedReports: number;
  reports: number;
  reroutes: number;
  vehiclesRerouted: number;
  /** Reroutes whose new route crossed a segment truly closed when sent (ground truth), all of them. */
  throughTrueClosure: number;
  /**
   * Of those, the closures the planner could have known of when it was sent: their first sign (a
   * vehicle slowed on it, or the feed's report) was `REACTION_MS` old (must be 0).
   */
  throughObservableClosure: number;
  /** The others, each with why: no sign of it yet, or one too new to have reached the planner. */
  unseenClosures: { rerouteId: string; street: string; why: string }[];
  /** Reroutes whose new route used a segment the traffic view held closed when sent (must be 0). */
  throughKnownClosed: number;
  /**
   * Times a vehicle drove into a closure on the route a reroute had sent it (ground truth) although
   * it could have been warned: its link was up and the closure had been observable (a vehicle slowed
   * on it, or the feed's report) for `REACTION_MS` (must be 0).
   */
  intoWarnableClosure: number;
  /** The other times, each with why no warning could reach it. */
  intoUnwarnableClosure: { vehicleId: string; street: string; why: string }[];
  routingMsPerReroute: number;
  affectedLegs: number;
  /** Mean excess minutes (over the free-flow plan) of the legs whose planned route crossed an incident. */
  delayWithoutMin: number;
  delayWithMin: number;
  delayReduction: number;
  onTimeWithout: number;
  onTimeWith: number;
  deliveriesWithout: number;
  deliveriesWith: number;
  pings: number;
  rejected: number;
}

/** How many incidents differ (kind, segment or start) between two runs of one scenario. */
function differing(a: FleetWorld, b: FleetWorld): number {
  const key = (i: FleetWorld['incidents'][number]) => `${i.kind}@${i.segment}@${i.startMs}`;
  const other = new Set(b.incidents.map(key));
  return a.incidents.filter((i) => !other.has(key(i))).length + Math.max(0, b.incidents.length - a.incidents.length);
}

/** The vehicles sent into a closure: those that could have been warned, and why the others could not. */
function intoClosure(world: FleetWorld): Pick<EvaluationReport, 'intoWarnableClosure' | 'intoUnwarnableClosure'> {
  let intoWarnableClosure = 0;
  const intoUnwarnableClosure: EvaluationReport['intoUnwarnableClosure'] = [];
  for (const e of world.sentIntoClosure) {
    const c = world.incidents.find((i) => i.id === e.incidentId)!;
    const seenMs = Math.min(c.firstSlowedMs, c.reportedAt);
    const street = world.net.segments[c.segment]!.name;
    if (e.offline) intoUnwarnableClosure.push({ vehicleId: e.vehicleId, street, why: 'its telematics link was down' });
    else if (seenMs >= e.atMs) intoUnwarnableClosure.push({ vehicleId: e.vehicleId, street, why: 'it was the first vehicle to reach it, unreported' });
    else if (e.atMs - seenMs < REACTION_MS)
      intoUnwarnableClosure.push({ vehicleId: e.vehicleId, street, why: `it reached it ${Math.round((e.atMs - seenMs) / 1000)} s after the first sign of it` });
    else intoWarnableClosure++;
  }
  return { intoWarnableClosure, intoUnwarnableClosure };
}

const excessMin = (l: LegOutcome) => Math.max(0, (l.arrivedMs - l.startMs) / 60_000 - l.plannedSec / 60);

/**
 * Both runs, scored.
 *
 * @example
 * const report = await evaluate({ ...EVALUATION_OPTIONS, minutes: 30 });
 */
export async function evaluate(o: EvaluationOptions = EVALUATION_OPTIONS, onProgress?: (fraction: number, detail: string) => void): Promise<EvaluationReport> {
  const started = performance.now();
  const with_ = await runOnce(o, true, (f) => onProgress?.(f / 2, 'with rerouting'));
  const withElapsed = performance.now() - started;
  const without = await runOnce(o, false, (f) => onProgress?.(0.5 + f / 2, 'without rerouting'));
  const world = with_.world;
  const observed = world.incidents.filter((i) => Number.isFinite(i.firstSlowedMs));
  const truth: TruthIncident[] = world.incidents.map((i) => ({
    id: i.id,
    scenario: i.kind,
    keys: [i.segmentId],
    startMs: i.startMs,
    endMs: i.endMs,
    firstRecordMs: Number.isFinite(i.firstSlowedMs) ? i.firstSlowedMs : i.startMs,
    recordIds: [],
  }));
  const opened = with_.detections.filter((d) => d.status === 'open');
  const detection = scoreDetections(
    truth,
    opened.map((d) => ({ key: d.segmentId, timeMs: d.eventTime, kind: d.severity })),
    { graceMs: 5 * 60_000, scored: (inc) => observed.some((i) => i.id === inc.id) },
  );
  // reroutes sent through a closure in progress (ground truth), and whether anything could have shown it then
  const closures = world.incidents.filter((i) => i.kind === 'closure');
  const through = with_.reroutes.flatMap((r) => {
    const c = closures.find((x) => r.newRoute.includes(x.segment) && r.eventTime >= x.startMs && r.eventTime < x.endMs);
    return c ? [{ r, c, signMs: Math.min(c.firstSlowedMs, c.reportedAt) }] : [];
  });
  const observable = through.filter((x) => x.signMs <= x.r.eventTime - REACTION_MS);
  const unseenClosures = through
    .filter((x) => x.signMs > x.r.eventTime - REACTION_MS)
    .map(({ r, c, signMs }) => ({
      rerouteId: r.rerouteId,
      street: with_.world.net.segments[c.segment]!.name,
      why:
        signMs > r.eventTime
          ? `it had started ${Math.round((r.eventTime - c.startMs) / 1000)} s before; no vehicle had reached it and the feed had not reported it`
          : `its first sign came ${Math.round((r.eventTime - signMs) / 1000)} s before (a sign needs up to ${REACTION_MS / 1000} s to reach the planner)`,
    }));
  // the legs whose planned route crossed an incident, as driven without rerouting, and the same stops with it
  const affected = new Set(without.world.legs.filter((l) => l.crossedIncident && l.stopId !== null).map((l) => l.stopId!));
  const legsWith = with_.world.legs.filter((l) => l.stopId !== null && affected.has(l.stopId));
  const legsWithout = without.world.legs.filter((l) => l.stopId !== null && affected.has(l.stopId));
  const both = new Set(legsWith.map((l) => l.stopId));
  const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
  const delayWithMin = mean(legsWith.map(excessMin));
  const delayWithoutMin = mean(legsWithout.filter((l) => both.has(l.stopId)).map(excessMin));
  const delivered = (legs: LegOutcome[]) => legs.filter((l) => l.stopId !== null);
  const onTime = (legs: LegOutcome[]) => delivered(legs).filter((l) => l.lateMin === 0).length / Math.max(1, delivered(legs).length);
  onProgress?.(1, 'done');
  // routing cost: time of the rerouting run spent in A*, measured separately below (bench), here a rough per-reroute share
  void withElapsed;
  return {
    options: o,
    detection,
    incidents: world.incidents.length,
    incidentsDiffering: differing(world, without.world),
    unobserved: world.incidents.length - observed.length,
    confirmedReports: new Set(with_.confirmations.map((c) => c.reportId)).size,
    reports: world.incidents.filter((i) => i.reported && i.startMs + 240_000 < o.startMs + o.minutes * 60_000).length,
    reroutes: with_.reroutes.length,
    vehiclesRerouted: new Set(with_.reroutes.map((r) => r.vehicleId)).size,
    throughTrueClosure: through.length,
    throughObservableClosure: observable.length,
    unseenClosures,
    throughKnownClosed: with_.throughKnownClosed,
    ...intoClosure(with_.world),
    routingMsPerReroute: 0,
    affectedLegs: both.size,
    delayWithoutMin,
    delayWithMin,
    delayReduction: delayWithoutMin > 0 ? 1 - delayWithMin / delayWithoutMin : 0,
    onTimeWithout: onTime(without.world.legs),
    onTimeWith: onTime(with_.world.legs),
    deliveriesWithout: delivered(without.world.legs).length,
    deliveriesWith: delivered(with_.world.legs).length,
    pings: with_.pings,
    rejected: with_.rejected,
  };
}

export { median };
