/**
 * A simulated delivery vehicle: its shift of stops with time windows, the route of its current
 * leg, and how it moves along that route between two pings (at the segment's free-flow speed,
 * slowed by the hour's traffic and by any incident on the segment). It follows a reroute it is
 * sent when the new route starts at an intersection still ahead of it.
 */
import type { Rng } from '@streamlab/datagen';
import { headingDeg, type LatLon, M_PER_DEG_LAT, M_PER_DEG_LON } from '../domain/geo.js';
import type { RoadNetwork } from '../domain/network.js';
import type { Ping } from '../domain/ping.js';
import { freeFlowCost, shortestRoute } from '../domain/routing.js';
import { rushHourFactor } from '../domain/traffic.js';
import type { Telematics } from './telematics.js';
import type { FleetWorld } from './world.js';

export interface Stop {
  stopId: string;
  node: number;
  /** Delivery time window (epoch ms). */
  windowStartMs: number;
  windowEndMs: number;
  serviceMs: number;
}

export interface Vehicle {
  vehicleId: string;
  kind: 'van' | 'truck';
  driver: string;
  depot: number;
  stops: Stop[];
  /** Index of the stop it drives to; `stops.length` when it returns to the depot. */
  next: number;
  mode: 'driving' | 'at-stop' | 'at-depot';
  routeNodes: number[];
  routeSegs: number[];
  /** Index into `routeSegs` of the segment it is on, and metres along it. */
  leg: number;
  posM: number;
  busyUntilMs: number;
  lastMs: number;
  lat: number;
  lon: number;
  headingDeg: number;
  speedKmh: number;
  /** A delivery to report on the next ping. */
  delivered: { stopId: string; lateMin: number } | null;
  /** The current leg, for the evaluation (planned: the expected time with everyday traffic, seconds). */
  legStartMs: number;
  legPlannedSec: number;
  legCrossed: boolean;
  legRerouted: boolean;
  /** The reroute it follows on this leg, and the index in `routeSegs` where the route it was sent begins. */
  followed: { rerouteId: string; fromLeg: number } | null;
  shift: number;
  /** Draws this vehicle's later shifts (its own stream, so they do not depend on other vehicles). */
  rng: Rng;
  /** Its GPS unit: its own interval, dropouts, the fixes stored while offline. */
  telematics: Telematics;
}

const SPEED_FACTOR = { van: 1, truck: 0.9 };

/** Free-flow time of a leg, for planning windows and measuring delay. */
function plan(net: RoadNetwork, from: number, to: number) {
  return shortestRoute(net, from, to, freeFlowCost(net)) ?? { nodes: [from], segments: [], costSec: 0 };
}

/**
 * A new shift: 6-10 stops anywhere in the city, with 25-minute time windows around the planned
 * arrival (rush hours are in the plan: dispatchers know them); the first shift's routes are
 * counted in the world's usage.
 *
 * @example
 * newShift(vehicle, world, ctx.now);
 */
export function newShift(v: Vehicle, world: FleetWorld, startMs: number): void {
  const net = world.net;
  const n = 6 + v.rng.int(5);
  v.shift++;
  v.stops = [];
  let at = v.depot;
  let t = startMs;
  for (let i = 0; i < n; i++) {
    const node = v.rng.int(net.nodes.length);
    const leg = plan(net, at, node);
    // the first shifts' plans, made at start-up, say where the roads are busy: the same in every
    // run, so both runs of an evaluation place the same incidents (later shifts start at times that
    // rerouting changes)
    if (v.shift === 1) for (const s of leg.segments) world.usage[s]!++;
    const serviceMs = Math.round(v.rng.range(2, 5) * 60_000);
    const arrive = t + (leg.costSec * 1000) / rushHourFactor(t) / SPEED_FACTOR[v.kind];
    // a 25-minute window that closes 8-15 minutes after the planned arrival: little slack for incidents
    const open = arrive - v.rng.range(10, 17) * 60_000;
    v.stops.push({
      stopId: `${v.vehicleId}/${v.shift}-${i + 1}`,
      node,
      windowStartMs: Math.round(open),
      windowEndMs: Math.round(open + 25 * 60_000),
      serviceMs,
    });
    t = Math.max(arrive, open) + serviceMs;
    at = node;
  }
  v.next = 0;
  startLeg(v, world, startMs);
}

/** Plans the leg to the next stop (or the depot) at free flow, as the dispatch system does. */
function startLeg(v: Vehicle, world: FleetWorld, now: number): void {
  const net = world.net;
  const from = v.routeNodes[v.routeNodes.length - 1] ?? v.depot;
  const to = v.next < v.stops.length ? v.stops[v.next]!.node : v.depot;
  const route = plan(net, from, to);
  v.routeNodes = route.nodes;
  v.routeSegs = route.segments;
  v.leg = 0;
  v.posM = 0;
  v.mode = 'driving';
  v.legStartMs = now;
  // the dispatch plan's expected time: free flow, slowed by the hour's everyday traffic (so delay is what incidents add)
  v.legPlannedSec = route.costSec / rushHourFactor(now) / SPEED_FACTOR[v.kind];
  v.legCrossed = false;
  v.legRerouted = false;
  v.followed = null;
}

function arrive(v: Vehicle, world: FleetWorld, now: number): void {
  const stop = v.stops[v.next];
  const lateMin = stop ? Math.max(0, (now - stop.windowEndMs) / 60_000) : null;
  world.legs.push({
    vehicleId: v.vehicleId,
    stopId: stop?.stopId ?? null,
    startMs: v.legStartMs,
    arrivedMs: now,
    plannedSec: v.legPlannedSec,
    crossedIncident: v.legCrossed,
    rerouted: v.legRerouted,
    lateMin,
  });
  if (stop) {
    v.mode = 'at-stop';
    // a van that is early waits for its window to open, then unloads
    v.busyUntilMs = Math.max(now, stop.windowStartMs) + stop.serviceMs;
    v.delivered = { stopId: stop.stopId, lateMin: Math.round(lateMin! * 10) / 10 };
  } else {
    v.mode = 'at-depot';
    v.busyUntilMs = now + 15 * 60_000; // loading for the next shift
  }
}

/** Takes a pending reroute when its first intersection is still ahead on the current leg. */
function follow(v: Vehicle, world: FleetWorld): void {
  const r = world.inbox.take(v.vehicleId);
  if (!r || v.mode !== 'driving') return;
  const current = v.stops[v.next]?.stopId ?? null;
  if (r.stopId !== current) return;
  const ahead = v.routeNodes[v.leg + 1];
  const k = ahead === undefined ? -1 : r.newNodes.indexOf(ahead);
  if (k < 0) return; // the vehicle is past the turn it was sent: keep driving, the next ping may bring another
  v.routeNodes = [...v.routeNodes.slice(0, v.leg + 1), ...r.newNodes.slice(k)];
  v.routeSegs = [...v.routeSegs.slice(0, v.leg + 1), ...r.newRoute.slice(k)];
  v.legRerouted = true;
  v.followed = { rerouteId: r.rerouteId, fromLeg: v.leg + 1 };
}

/**
 * Moves the vehicle from its last ping to `now`: along its route, stopping at stops, starting the
 * next leg or shift when a stop's service is done. It takes a reroute waiting for it first, unless
 * `receive` is false (its telematics link is down: nothing reaches it).
 *
 * @example
 * advance(vehicle, world, ctx.now);
 */
export function advance(v: Vehicle, world: FleetWorld, now: number, receive = true): void {
  const net = world.net;
  if (receive) follow(v, world);
  let t = v.lastMs === 0 ? now : v.lastMs;
  v.speedKmh = 0;
  for (let guard = 0; t < now && guard < 1000; guard++) {
    if (v.mode !== 'driving') {
      if (v.busyUntilMs > now) break;
      t = Math.max(t, v.busyUntilMs);
      if (v.mode === 'at-depot') newShift(v, world, t);
      else {
        v.next++;
        startLeg(v, world, t);
      }
      continue;
    }
    if (v.leg >= v.routeSegs.length) {
      arrive(v, world, t);
      continue;
    }
    const segIdx = v.routeSegs[v.leg]!;
    const seg = net.segments[segIdx]!;
    const incident = world.incidentOn(segIdx, t);
    if (incident) {
      v.legCrossed = true;
      if (incident.firstSlowedMs > t) incident.firstSlowedMs = t;
      // ground truth for the evaluation: it drives into a closure on the route it was sent
      if (incident.kind === 'closure' && v.posM === 0 && v.followed && v.leg >= v.followed.fromLeg) {
        world.sentIntoClosure.push({ vehicleId: v.vehicleId, rerouteId: v.followed.rerouteId, incidentId: incident.id, atMs: t, offline: !receive });
      }
    }
    const kmh = seg.freeFlowKmh * rushHourFactor(t) * (incident ? world.incidentFactor(segIdx, t) : 1) * SPEED_FACTOR[v.kind];
    const mps = kmh / 3.6;
    const needMs = ((seg.lengthM - v.posM) / mps) * 1000;
    v.speedKmh = kmh;
    if (t + needMs <= now) {
      t += needMs;
      v.leg++;
      v.posM = 0;
    } else {
      v.posM += (mps * (now - t)) / 1000;
      t = now;
    }
  }
  v.lastMs = now;
  place(v, net);
}

/** Where the vehicle is: interpolated along its segment (at its stop or depot when not driving). */
function place(v: Vehicle, net: RoadNetwork): void {
  if (v.mode !== 'driving' || v.leg >= v.routeSegs.length) {
    const node = net.nodes[v.routeNodes[v.routeNodes.length - 1] ?? v.depot]!;
    v.lat = node.lat;
    v.lon = node.lon;
    v.speedKmh = 0;
    return;
  }
  const a = net.nodes[v.routeNodes[v.leg]!]!;
  const b = net.nodes[v.routeNodes[v.leg + 1]!]!;
  const len = net.segments[v.routeSegs[v.leg]!]!.lengthM;
  const f = len > 0 ? Math.min(1, v.posM / len) : 0;
  v.lat = a.lat + (b.lat - a.lat) * f;
  v.lon = a.lon + (b.lon - a.lon) * f;
  v.headingDeg = headingDeg(a, b);
}

function job(v: Vehicle): Ping['job'] {
  const stop = v.stops[v.next];
  return stop ? { stopId: stop.stopId, node: stop.node, dueBy: stop.windowEndMs } : null;
}

/**
 * The vehicle's GPS fix at `now`: position with receiver noise (about 5 m), speed with a little
 * noise, heading.
 *
 * @example
 * ping(vehicle, now, 'p-7', rng); // { pingId: 'p-7', vehicleId: 'van-003', lat, lon, speedKmh: 41.2, ... }
 */
export function ping(v: Vehicle, now: number, pingId: string, rng: Rng): Ping {
  const noise: LatLon = { lat: rng.normal(0, 5) / M_PER_DEG_LAT, lon: rng.normal(0, 5) / M_PER_DEG_LON };
  const speedNoise = rng.normal(0, 1.5);
  const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
  const moving = v.mode === 'driving';
  const delivered = v.delivered;
  v.delivered = null;
  return {
    pingId,
    vehicleId: v.vehicleId,
    lat: round6(v.lat + noise.lat),
    lon: round6(v.lon + noise.lon),
    speedKmh: moving ? Math.round(Math.max(0, v.speedKmh + speedNoise) * 10) / 10 : 0,
    headingDeg: Math.round(v.headingDeg),
    eventTime: now,
    job: job(v),
    stopped: !moving,
    delivered,
  };
}
