/**
 * Spot speeds (a stateless projection into a side table). The sliding windows of segment speeds
 * are final only when the watermark has passed them, and a slowdown's first windows mix in the
 * traffic from before it, so a closure that started a minute ago is not yet in them. A single ping
 * of a moving vehicle crawling along a segment already shows it: this query gives each moving
 * vehicle's ping as its segment's spot speed, and the live traffic view keeps the newest one per
 * segment (`LiveTraffic.spot`), which new routes avoid when it is a slowdown (`LiveTraffic.avoids`).
 * Pings within 10 m of an intersection are left out: a fix there fits the next segment of the same
 * street as well, and a vehicle crawling to the end of a closed segment would mark the next one.
 */
import type { Stream } from '@streamlab/core';
import { metersBetween } from '../domain/geo.js';
import type { RoadNetwork } from '../domain/network.js';
import type { MatchedPing } from './map-matching.js';

/** Pings this close to either end of their segment do not say which segment they are on. */
export const NEAR_NODE_M = 10;

export interface SpotSpeed {
  segment: number;
  /** The ping's speed over the segment's free-flow speed. */
  ratio: number;
  eventTime: number;
}

/**
 * @example
 * spotSpeeds(matched, net); // append mode: Stream<SpotSpeed>, into LiveTraffic.spot
 */
export function spotSpeeds(matched: Stream<MatchedPing>, net: RoadNetwork): Stream<SpotSpeed> {
  const { nodes, segments } = net;
  return matched
    .filter((p) => {
      if (p.stopped) return false;
      const s = segments[p.segment]!;
      return metersBetween(p, nodes[s.from]!) > NEAR_NODE_M && metersBetween(p, nodes[s.to]!) > NEAR_NODE_M;
    })
    .map((p): SpotSpeed => ({ segment: p.segment, ratio: p.speedKmh / p.freeFlowKmh, eventTime: p.eventTime }));
}
