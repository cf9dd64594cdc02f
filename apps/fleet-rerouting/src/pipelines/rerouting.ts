/**
 * 5. Rerouting (arbitrary state per vehicle). The state holds the vehicle's current route to its
 * stop: the dispatch plan (free-flow fastest route) when a new job starts, the last route sent
 * after a reroute. On the vehicle's newest ping, the route still ahead is checked against the
 * open incidents and the slowdowns seen but not confirmed yet (`LiveTraffic.avoids`: a closure is
 * often first seen as a slowdown, or as one vehicle crawling into it); when it crosses one (or one
 * it already considered got worse), A* on the live
 * segment costs computes a new route from the intersection ahead, and if it saves at least 20 s it
 * is emitted, with the ETA before and after and the reason. A new route never uses a closed
 * segment (A* never relaxes one), and avoids every open incident and unconfirmed slowdown too;
 * only when no way round exists does it fall back to their live costs. A route sent earlier that
 * a newly detected incident now crosses is the state's route, so it is checked and replaced the
 * same way. Reroute ids count per vehicle, so a replayed batch writes the same records (the Kafka
 * sink makes them exactly-once).
 */
import type { GroupState, Stream } from '@streamlab/core';
import type { LiveTraffic } from '../domain/live-traffic.js';
import type { RoadNetwork } from '../domain/network.js';
import type { Reroute } from '../domain/reroute.js';
import { freeFlowCost, routeCost, shortestRoute } from '../domain/routing.js';
import type { MatchedPing } from './map-matching.js';

/** A new route must save at least this much to be worth a driver's attention. */
export const MIN_SAVING_MS = 20_000;

export interface VehicleRoute {
  stopId: string;
  /** Intersections and segments still ahead, from the intersection the vehicle drives to. */
  nodes: number[];
  segments: number[];
  reroutes: number;
  /** Slowdowns already considered for this job, as `<segment>:<severity or 'seen'>` (a reroute that did not pay is not retried until it gets worse). */
  considered: string[];
}

export interface RerouteOptions {
  net: RoadNetwork;
  traffic: LiveTraffic;
  /** Bound on the state of a vehicle that stopped reporting (processing time). */
  forgetAfter?: string;
}

/**
 * The state function (exported for `testGroupState`).
 *
 * @example
 * const fn = planAndReroute({ net, traffic });
 */
export function planAndReroute(o: RerouteOptions) {
  const { net, traffic } = o;
  const free = freeFlowCost(net);
  return (vehicleId: string, pings: MatchedPing[], state: GroupState<VehicleRoute>): Reroute[] => {
    if (state.hasTimedOut) {
      state.remove();
      return [];
    }
    state.setTimeoutDuration(o.forgetAfter ?? '1 hour');
    let p = pings[0]!;
    for (const x of pings) if (x.eventTime > p.eventTime) p = x;
    const job = p.job;
    if (!job || p.stopped) return [];
    let r = state.getOption();
    let at = r && r.stopId === job.stopId ? r.nodes.indexOf(p.aheadNode) : -1;
    if (!r || at < 0) {
      // a new job, or the vehicle left its route: the dispatch plan from where it is
      const plan = shortestRoute(net, p.aheadNode, job.node, free);
      if (!plan) return [];
      r = {
        stopId: job.stopId,
        nodes: plan.nodes,
        segments: plan.segments,
        reroutes: r?.stopId === job.stopId ? r.reroutes : (r?.reroutes ?? 0),
        considered: [],
      };
      at = 0;
    }
    const nodes = r.nodes.slice(at);
    const segments = r.segments.slice(at);
    const next: VehicleRoute = { ...r, nodes, segments };
    let hit: number | undefined;
    let seen = '';
    for (const s of segments) {
      if (!traffic.avoids(s, p.eventTime)) continue;
      seen = `${s}:${traffic.incidents.get(s)?.severity ?? 'seen'}`;
      if (!next.considered.includes(seen)) {
        hit = s;
        break;
      }
    }
    if (hit !== undefined) next.considered = [...next.considered, seen];
    const out = hit === undefined ? [] : reroute(vehicleId, p, hit, next);
    state.update(next);
    return out;
  };

  function reroute(vehicleId: string, p: MatchedPing, hit: number, next: VehicleRoute): Reroute[] {
    const job = p.job!;
    const segments = next.segments;
    // the old route's ETA: a closed segment is crawled through, not impossible
    const before = routeCost(segments, traffic.cost(p.eventTime, { closedAs: 'crawl' }));
    // round every incident and unconfirmed slowdown if there is a way, else through the cheapest of them
    const better =
      shortestRoute(net, p.aheadNode, job.node, traffic.cost(p.eventTime, { avoid: true })) ??
      shortestRoute(net, p.aheadNode, job.node, traffic.cost(p.eventTime));
    if (!better || better.costSec * 1000 > before * 1000 - MIN_SAVING_MS) return [];
    next.nodes = better.nodes;
    next.segments = better.segments;
    next.reroutes++;
    const incident = traffic.incidents.get(hit);
    const seg = net.segments[hit]!;
    const what = !incident ? 'slowdown seen (not confirmed yet)' : incident.severity === 'blocked' ? 'road blocked' : `${incident.severity} slowdown`;
    return [
      {
        rerouteId: `${vehicleId}#${next.reroutes}`,
        vehicleId,
        stopId: job.stopId,
        eventTime: p.eventTime,
        reason: `${what} on ${seg.name}`,
        segmentId: seg.id,
        street: seg.name,
        oldRoute: segments,
        newRoute: better.segments,
        newNodes: better.nodes,
        etaBeforeMs: Math.round(p.eventTime + before * 1000),
        etaAfterMs: Math.round(p.eventTime + better.costSec * 1000),
        savedMs: Math.round((before - better.costSec) * 1000),
      },
    ];
  }
}

/**
 * @example
 * rerouting(matched, { net, traffic }); // append mode, to fleet.reroutes
 */
export function rerouting(matched: Stream<MatchedPing>, o: RerouteOptions): Stream<Reroute> {
  return matched.groupByKey((p) => p.vehicleId).flatMapGroupsWithState(planAndReroute(o), { outputMode: 'append', timeout: 'processingTime' });
}
