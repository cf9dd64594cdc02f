/**
 * A uniform grid over the network's box: each cell lists the segments that pass within
 * `CELL_M / 2` of it, so matching a GPS fix looks at a handful of candidates instead of every
 * segment. Its rows (`{ cell, candidates }`, one per cell) are the static table the map-matching
 * join reads.
 */
import { angleBetween, headingDeg, type LatLon, M_PER_DEG_LAT, M_PER_DEG_LON, pointToSegment } from './geo.js';
import type { RoadNetwork } from './network.js';

/** Cell size: larger than the matching radius, so the fix's own cell holds every candidate. */
export const CELL_M = 150;
/** A fix further than this from every street is off-road (a car park, a GPS glitch). */
export const MATCH_RADIUS_M = 45;

export interface CellRow {
  cell: number;
  /** Indices of the segments near the cell. */
  candidates: number[];
}

/**
 * The cell of a point: a number, so the join's key costs no string per row.
 *
 * @example
 * cellOf(net, { lat: 50.93, lon: 6.95 }); // 12034
 */
export function cellOf(net: Pick<RoadNetwork, 'bbox'>, p: LatLon): number {
  const cx = Math.floor(((p.lon - net.bbox.minLon) * M_PER_DEG_LON) / CELL_M);
  const cy = Math.floor(((p.lat - net.bbox.minLat) * M_PER_DEG_LAT) / CELL_M);
  return cy * 1000 + cx;
}

/**
 * One row per cell that any segment passes near.
 *
 * @example
 * const table = staticTable(spatialIndex(net), { name: 'road-cells' });
 */
export function spatialIndex(net: RoadNetwork): CellRow[] {
  const cells = new Map<number, Set<number>>();
  const reach = MATCH_RADIUS_M + 5;
  for (const s of net.segments) {
    const a = net.nodes[s.from]!;
    const b = net.nodes[s.to]!;
    // sample the segment every few metres and mark every cell within the matching radius
    const steps = Math.max(1, Math.ceil(s.lengthM / 20));
    for (let i = 0; i <= steps; i++) {
      const t = i / steps;
      const p = { lat: a.lat + (b.lat - a.lat) * t, lon: a.lon + (b.lon - a.lon) * t };
      for (const dy of [-reach, 0, reach]) {
        for (const dx of [-reach, 0, reach]) {
          const c = cellOf(net, { lat: p.lat + dy / M_PER_DEG_LAT, lon: p.lon + dx / M_PER_DEG_LON });
          let set = cells.get(c);
          if (!set) cells.set(c, (set = new Set()));
          set.add(s.index);
        }
      }
    }
  }
  return [...cells].map(([cell, set]) => ({ cell, candidates: [...set].sort((x, y) => x - y) }));
}

export interface Match {
  segment: number;
  distanceM: number;
  /** 0..1 from the segment's `from` node to its `to` node. */
  along: number;
  /** Whether the vehicle drives from `to` to `from`. */
  reverse: boolean;
}

/**
 * The most likely segment for a fix: the nearest, with a penalty for a heading across the street
 * (at an intersection the cross street is as near as the street driven on; the heading is what
 * tells them apart). `null` when nothing is within {@link MATCH_RADIUS_M}.
 *
 * @example
 * bestMatch(net, [3, 4, 17], { lat, lon }, 92); // { segment: 4, distanceM: 6, along: 0.4, reverse: false }
 */
export function bestMatch(net: RoadNetwork, candidates: readonly number[], p: LatLon, heading: number | null): Match | null {
  let best: Match | null = null;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const i of candidates) {
    const s = net.segments[i]!;
    const a = net.nodes[s.from]!;
    const b = net.nodes[s.to]!;
    const { distanceM, along } = pointToSegment(p, a, b);
    if (distanceM > MATCH_RADIUS_M) continue;
    let reverse = false;
    let score = distanceM;
    if (heading !== null) {
      const forward = angleBetween(heading, headingDeg(a, b));
      reverse = forward > 90;
      const off = reverse ? 180 - forward : forward;
      score += (off / 90) * 40; // a street at right angles costs 40 m
    }
    if (score < bestScore) {
      bestScore = score;
      best = { segment: i, distanceM, along, reverse };
    }
  }
  return best;
}
