/**
 * 6. ETA and late-delivery risk per stop (mapGroupsWithState, update mode). Once per batch per
 * vehicle, from its newest ping: the fastest route on live segment costs from the intersection
 * ahead to its stop gives the ETA; the slack to the end of the stop's delivery window gives the
 * risk. The state keeps the last answer, so a batch with only parked pings still shows it.
 */
import type { GroupState, Stream } from '@streamlab/core';
import type { LiveTraffic } from '../domain/live-traffic.js';
import type { RoadNetwork } from '../domain/network.js';
import { shortestRoute } from '../domain/routing.js';
import type { MatchedPing } from './map-matching.js';

export type LateRisk = 'on-time' | 'at-risk' | 'late';
/** Less slack than this puts a stop at risk. */
export const AT_RISK_MS = 10 * 60_000;

export interface StopEta {
  vehicleId: string;
  stopId: string | null;
  etaMs: number | null;
  dueBy: number | null;
  slackMin: number | null;
  risk: LateRisk | 'idle';
  eventTime: number;
}

/**
 * @example
 * stopEtas(matched, { net, traffic }); // update mode: one row per vehicle, its current stop
 */
export function stopEtas(matched: Stream<MatchedPing>, o: { net: RoadNetwork; traffic: LiveTraffic }): Stream<StopEta> {
  const { net, traffic } = o;
  return matched
    .groupByKey((p) => p.vehicleId)
    .mapGroupsWithState((vehicleId: string, pings: MatchedPing[], state: GroupState<StopEta>): StopEta => {
      let p = pings[0]!;
      for (const x of pings) if (x.eventTime > p.eventTime) p = x;
      const prev = state.getOption();
      if (prev && prev.eventTime > p.eventTime) return prev;
      let row: StopEta;
      if (!p.job) row = { vehicleId, stopId: null, etaMs: null, dueBy: null, slackMin: null, risk: 'idle', eventTime: p.eventTime };
      else {
        const route = shortestRoute(net, p.aheadNode, p.job.node, traffic.cost(p.eventTime));
        const etaMs = route ? Math.round(p.eventTime + route.costSec * 1000) : null;
        const slack = etaMs === null ? Number.NEGATIVE_INFINITY : p.job.dueBy - etaMs;
        row = {
          vehicleId,
          stopId: p.job.stopId,
          etaMs,
          dueBy: p.job.dueBy,
          slackMin: etaMs === null ? null : Math.round(slack / 6_000) / 10,
          risk: slack < 0 ? 'late' : slack < AT_RISK_MS ? 'at-risk' : 'on-time',
          eventTime: p.eventTime,
        };
      }
      state.update(row);
      return row;
    });
}
