/**
 * 1. Map matching (stream-static join). Each ping is keyed by its spatial-index cell and joined
 * with the road-cell table (one row per cell: the segments near it), then the best candidate is
 * chosen by distance and heading. Fixes off every road are dropped (a car park, a bad fix).
 */
import { type Stream, type StaticTable, staticTable } from '@streamlab/core';
import type { RoadNetwork } from '../domain/network.js';
import type { Ping } from '../domain/ping.js';
import { bestMatch, type CellRow, cellOf, spatialIndex } from '../domain/spatial-index.js';

export type MatchedPing = Ping & {
  segment: number;
  segmentId: string;
  street: string;
  freeFlowKmh: number;
  /** Distance from the fix to the street, metres. */
  offsetM: number;
  /** The intersection the vehicle drives towards. */
  aheadNode: number;
};

/**
 * The network's spatial index as a static table.
 *
 * @example
 * const cells = roadCells(net);
 */
export function roadCells(net: RoadNetwork): StaticTable<CellRow> {
  return staticTable(spatialIndex(net), { name: 'road-cells' });
}

/**
 * Pings on road segments.
 *
 * @example
 * const matched = mapMatching(pings, net); // Stream<MatchedPing>
 */
export function mapMatching(pings: Stream<Ping>, net: RoadNetwork, cells: StaticTable<CellRow> = roadCells(net)): Stream<MatchedPing> {
  return pings
    .withColumn('cell', (p) => cellOf(net, p))
    .join(cells, 'cell')
    .flatMap((r): MatchedPing[] => {
      // a parked vehicle's heading is stale: match it by distance alone
      const m = bestMatch(net, r.candidates, r, r.stopped ? null : r.headingDeg);
      if (!m) return [];
      const s = net.segments[m.segment]!;
      return [
        {
          pingId: r.pingId,
          vehicleId: r.vehicleId,
          lat: r.lat,
          lon: r.lon,
          speedKmh: r.speedKmh,
          headingDeg: r.headingDeg,
          eventTime: r.eventTime,
          job: r.job,
          stopped: r.stopped,
          delivered: r.delivered,
          segment: s.index,
          segmentId: s.id,
          street: s.name,
          freeFlowKmh: s.freeFlowKmh,
          offsetM: Math.round(m.distanceM),
          aheadNode: m.reverse ? s.from : s.to,
        },
      ];
    });
}
