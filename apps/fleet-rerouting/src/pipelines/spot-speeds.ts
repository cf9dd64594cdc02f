/**
 * Spot speeds (a stateless projection into a side table). The sliding windows of segment speeds
 * are final only when the watermark has passed them, and a slowdown's first windows mix in the
 * traffic from before it, so a closure that started a minute ago is not yet in them. A single ping
 * of a moving vehicle crawling along a segment already shows it: this query gives each moving
 * vehicle's ping as its segment's spot speed, and the live traffic view keeps the newest one per
 * segment (`LiveTraffic.spot`), which new routes avoid when it is a slowdown (`LiveTraffic.avoids`).
 */
import type { Stream } from '@streamlab/core';
import type { MatchedPing } from './map-matching.js';

export interface SpotSpeed {
  segment: number;
  /** The ping's speed over the segment's free-flow speed. */
  ratio: number;
  eventTime: number;
}

/**
 * @example
 * spotSpeeds(matched); // append mode: Stream<SpotSpeed>, into LiveTraffic.spot
 */
export function spotSpeeds(matched: Stream<MatchedPing>): Stream<SpotSpeed> {
  return matched.filter((p) => !p.stopped).map((p): SpotSpeed => ({ segment: p.segment, ratio: p.speedKmh / p.freeFlowKmh, eventTime: p.eventTime }));
}
