/**
 * The simulated city's shared state, made once per simulation (the model's `pools`): the network,
 * the incidents in progress (ground truth: kind, segment, start and end), the city feed's reports
 * waiting to be published, the reroutes waiting for their vehicles (the closed loop), and the
 * outcome of every delivery leg (what the evaluation measures).
 */
import type { Rng } from '@streamlab/datagen';
import { offset } from '../domain/geo.js';
import type { RoadNetwork } from '../domain/network.js';
import type { IncidentKind, IncidentReport } from '../domain/ping.js';
import type { Reroute } from '../domain/reroute.js';
import { INCIDENT_SPEED_FACTOR } from '../domain/traffic.js';

export interface TrueIncident {
  id: string;
  kind: IncidentKind;
  segment: number;
  segmentId: string;
  startMs: number;
  endMs: number;
  /** Event time of the first ping of a vehicle it slowed (`Infinity` until one drove into it). */
  firstSlowedMs: number;
  reported: boolean;
  /** When the city feed published its report (`Infinity` when it does not report it). */
  reportedAt: number;
}

/** One delivery leg's outcome. */
export interface LegOutcome {
  vehicleId: string;
  stopId: string | null;
  startMs: number;
  arrivedMs: number;
  /** The plan's expected time at its start (free flow, rush hour included), seconds. */
  plannedSec: number;
  /** The plan's route crossed a segment while an incident was on it. */
  crossedIncident: boolean;
  rerouted: boolean;
  lateMin: number | null;
}

/** Reroutes sent to vehicles and not yet picked up (each vehicle takes its newest). */
export class RerouteInbox {
  private readonly pending = new Map<string, Reroute>();
  /** Reroutes delivered in total (a replayed one, same id, counts once). */
  received = 0;
  private readonly seen = new Set<string>();
  deliver(r: Reroute): void {
    if (this.seen.has(r.rerouteId)) return;
    this.seen.add(r.rerouteId);
    this.received++;
    this.pending.set(r.vehicleId, r);
  }
  take(vehicleId: string): Reroute | undefined {
    const r = this.pending.get(vehicleId);
    if (r) this.pending.delete(vehicleId);
    return r;
  }
}

export interface WorldOptions {
  /** Share of incidents the city feed reports. */
  reportShare: number;
  /** Share of reports placed 150-500 m off the incident. */
  misplacedShare: number;
}

/** Ended incidents are kept this long: a vehicle back from a dropout replays the minutes it was offline. */
const KEEP_ENDED_MS = 5 * 60_000;

export class FleetWorld {
  readonly incidents: TrueIncident[] = [];
  readonly legs: LegOutcome[] = [];
  /** Each time a vehicle drove into a closure on the route a reroute sent it (ground truth), and whether its telematics link was down then. */
  readonly sentIntoClosure: { vehicleId: string; rerouteId: string; incidentId: string; atMs: number; offline: boolean }[] = [];
  /** Route usage of the first shifts' dispatch plans per segment: where incidents hurt (and are placed). */
  readonly usage: Int32Array;
  /** Drivers' names (faker, built once) and the depots' intersections: set up by the model's `pools`. */
  drivers: string[] = [];
  depots: number[] = [];
  /** The fleet, as the model creates it (the first incidents go where vehicles are). */
  readonly vehicles: { mode: string; leg: number; routeSegs: number[] }[] = [];
  /** Simulated start: incidents in the first minute are placed where vehicles drive now. */
  startMs = 0;
  private readonly reports: { at: number; report: IncidentReport }[] = [];
  /** Active incidents per segment (few at a time: a list is faster than a map). */
  private active: TrueIncident[] = [];

  constructor(
    readonly net: RoadNetwork,
    readonly inbox: RerouteInbox,
    readonly options: WorldOptions,
  ) {
    this.usage = new Int32Array(net.segments.length);
  }

  /** Starts a true incident (a scenario's `start`), and queues the feed's report of it, maybe. */
  startIncident(kind: IncidentKind, id: string, startMs: number, endMs: number, rng: Rng): TrueIncident {
    const segment = this.pickSegment(rng, startMs);
    const s = this.net.segments[segment]!;
    const inc: TrueIncident = {
      id,
      kind,
      segment,
      segmentId: s.id,
      startMs,
      endMs,
      firstSlowedMs: Number.POSITIVE_INFINITY,
      reported: false,
      reportedAt: Number.POSITIVE_INFINITY,
    };
    // the same draws whatever is decided, so both runs of an evaluation get the same incidents
    const report = rng.next() < this.options.reportShare;
    const misplaced = rng.next() < this.options.misplacedShare;
    const delayMs = rng.range(60_000, 240_000);
    const bearing = rng.range(0, 360);
    const distance = rng.range(150, 500);
    if (report) {
      inc.reported = true;
      inc.reportedAt = startMs + delayMs;
      const at = misplaced ? offset({ lat: s.midLat, lon: s.midLon }, bearing, distance) : { lat: s.midLat, lon: s.midLon };
      const report: IncidentReport = {
        reportId: `report-${id}`,
        kind,
        lat: at.lat,
        lon: at.lon,
        street: s.name,
        startedAt: startMs,
        reportedAt: startMs + delayMs,
      };
      this.reports.push({ at: report.reportedAt, report });
      this.reports.sort((a, b) => a.at - b.at);
    }
    this.incidents.push(inc);
    this.active.push(inc);
    return inc;
  }

  /** Share of its usual speed a segment has at `now` (1 without an incident). */
  incidentFactor(segment: number, now: number): number {
    let f = 1;
    for (const inc of this.active) {
      if (inc.segment !== segment || now < inc.startMs || now >= inc.endMs) continue;
      f = Math.min(f, INCIDENT_SPEED_FACTOR[inc.kind]);
    }
    return f;
  }

  /** The incident slowing `segment` at `now`, if any. */
  incidentOn(segment: number, now: number): TrueIncident | undefined {
    return this.active.find((i) => i.segment === segment && now >= i.startMs && now < i.endMs);
  }

  /** Forgets incidents that ended well before `now` (the list stays short). */
  expire(now: number): void {
    const before = now - KEEP_ENDED_MS;
    if (this.active.some((i) => i.endMs <= before)) this.active = this.active.filter((i) => i.endMs > before);
  }

  /** The feed's reports published up to `untilMs`, in order, each once. */
  takeReports(untilMs: number): IncidentReport[] {
    let n = 0;
    while (n < this.reports.length && this.reports[n]!.at <= untilMs) n++;
    return this.reports.splice(0, n).map((r) => r.report);
  }

  /**
   * A busy segment (weighted by planned use) without an incident on it now. In the first minute,
   * the segment most vehicles are on or about to enter: a new dashboard shows an incident at once,
   * and as no reroute can have been sent yet, both runs of an evaluation still get the same one.
   */
  private pickSegment(rng: Rng, now: number): number {
    if (now - this.startMs < 60_000) {
      const on = new Map<number, number>();
      for (const v of this.vehicles) {
        if (v.mode !== 'driving') continue;
        for (const seg of v.routeSegs.slice(v.leg, v.leg + 2)) on.set(seg, (on.get(seg) ?? 0) + 1);
      }
      let best = -1;
      for (const [seg, n] of on) if (best < 0 || n > on.get(best)! || (n === on.get(best)! && seg < best)) best = seg;
      if (best >= 0) return best;
    }
    let total = 0;
    const busy = (i: number) => (this.incidentOn(i, now) ? 0 : Math.max(0, this.usage[i]! - 2) ** 2);
    for (let i = 0; i < this.usage.length; i++) total += busy(i);
    let x = rng.next() * total;
    for (let i = 0; i < this.usage.length; i++) {
      x -= busy(i);
      if (x < 0) return i;
    }
    return rng.int(this.usage.length);
  }
}
