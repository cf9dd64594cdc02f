/**
 * The city's road network, built deterministically from a seed: a jittered grid of intersections
 * with local streets, arterials every few blocks, a ring road on the outer edge, and a river
 * (north to south, as the Rhine crosses Cologne) that only a few bridges cross. Every segment has a
 * street name (faker, seeded), a speed limit and a free-flow speed. Segments are two-way: an
 * incident on one slows both directions (the other side slows down to look), so a segment id is
 * the unit the pipelines aggregate, detect and route on. Pure and browser-safe: the street names
 * come from `city.ts` (faker), so the dashboard can draw the geometry without bundling faker.
 */
import { CITY_CENTRE, type LatLon, M_PER_DEG_LAT, M_PER_DEG_LON, metersBetween } from './geo.js';

export type SegmentKind = 'local' | 'arterial' | 'ring' | 'bridge';

export interface RoadNode extends LatLon {
  id: number;
}

export interface Segment {
  /** `s-<index>`: the key of every per-segment stream. */
  id: string;
  index: number;
  from: number;
  to: number;
  name: string;
  kind: SegmentKind;
  speedLimitKmh: number;
  /** What traffic does at night with nothing in the way (a little under the limit). */
  freeFlowKmh: number;
  lengthM: number;
  /** Midpoint, for incident markers and the confirmation join's cells. */
  midLat: number;
  midLon: number;
}

export interface RoadNetwork {
  seed: number;
  nodes: RoadNode[];
  segments: Segment[];
  /** For each node: [segment index, neighbour node] pairs. */
  adjacency: [number, number][][];
  bbox: { minLat: number; minLon: number; maxLat: number; maxLon: number };
  /** The columns between which the river runs (no crossing but the bridges). */
  riverCol: number;
  cols: number;
  rows: number;
}

export interface NetworkOptions {
  cols: number;
  rows: number;
  spacingM: number;
  /** Arterials run along every n-th row and column. */
  arterialEvery: number;
  /** Rows at which a bridge crosses the river. */
  bridges: number;
  /** Share of local street segments left out (dead ends, pedestrian zones). */
  missingLocal: number;
}

/** What the streets are called: one name per row and per column of the grid, and the ring road's. */
export interface StreetNames {
  rows: readonly string[];
  cols: readonly string[];
  ring: string;
}

export const NETWORK_DEFAULTS: NetworkOptions = { cols: 14, rows: 12, spacingM: 420, arterialEvery: 4, bridges: 3, missingLocal: 0.06 };

const LIMITS: Record<SegmentKind, { limit: number; free: number }> = {
  local: { limit: 30, free: 27 },
  arterial: { limit: 50, free: 46 },
  ring: { limit: 80, free: 72 },
  bridge: { limit: 50, free: 44 },
};

/** A small seeded generator for the layout (mulberry32): the network must not depend on faker's internals. */
function layoutRng(seed: number): () => number {
  let a = seed >>> 0 || 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The network for `seed` (same seed, same network: the simulator and the pipelines each build it).
 *
 * @example
 * const net = buildNetwork(1);
 * net.segments[0]; // { id: 's-0', name: 'Ring', kind: 'ring', freeFlowKmh: 72, ... }
 */
export function buildNetwork(seed: number, options: Partial<NetworkOptions> = {}, names?: StreetNames): RoadNetwork {
  const o = { ...NETWORK_DEFAULTS, ...options };
  const rnd = layoutRng(seed);
  const { cols, rows, spacingM } = o;
  const riverCol = Math.floor(cols / 2) - 1; // the river runs between columns riverCol and riverCol + 1
  const origin = { lat: CITY_CENTRE.lat - ((rows - 1) * spacingM) / 2 / M_PER_DEG_LAT, lon: CITY_CENTRE.lon - ((cols - 1) * spacingM) / 2 / M_PER_DEG_LON };
  const nodes: RoadNode[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const border = r === 0 || c === 0 || r === rows - 1 || c === cols - 1;
      // a real city is not a perfect grid; the ring road stays straight
      const j = border ? 0 : 0.18 * spacingM;
      const x = c * spacingM + (c > riverCol ? spacingM * 0.6 : 0) + (rnd() - 0.5) * j;
      const y = r * spacingM + (rnd() - 0.5) * j;
      nodes.push({ id: r * cols + c, lat: origin.lat + y / M_PER_DEG_LAT, lon: origin.lon + x / M_PER_DEG_LON });
    }
  }
  const rowNames = names?.rows ?? Array.from({ length: rows }, (_, i) => `Row ${i} Street`);
  const colNames = names?.cols ?? Array.from({ length: cols }, (_, i) => `Column ${i} Street`);
  const ringName = names?.ring ?? 'Ring';
  const bridgeRows = new Set<number>();
  for (let i = 1; i <= o.bridges; i++) bridgeRows.add(Math.round((i * (rows - 1)) / (o.bridges + 1)));
  const isArterial = (line: number, count: number) => line % o.arterialEvery === 0 || line === count - 1;

  const segments: Segment[] = [];
  const skipped: [number, number, string][] = [];
  const add = (from: number, to: number, kind: SegmentKind, name: string) => {
    const a = nodes[from]!;
    const b = nodes[to]!;
    const lim = LIMITS[kind];
    segments.push({
      id: `s-${segments.length}`,
      index: segments.length,
      from,
      to,
      name,
      kind,
      speedLimitKmh: lim.limit,
      freeFlowKmh: lim.free,
      lengthM: Math.round(metersBetween(a, b)),
      midLat: (a.lat + b.lat) / 2,
      midLon: (a.lon + b.lon) / 2,
    });
  };
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const id = r * cols + c;
      if (c + 1 < cols) {
        const crossesRiver = c === riverCol;
        if (crossesRiver && !bridgeRows.has(r) && r !== 0 && r !== rows - 1) continue;
        const ring = r === 0 || r === rows - 1;
        const kind: SegmentKind = ring ? 'ring' : crossesRiver ? 'bridge' : isArterial(r, rows) ? 'arterial' : 'local';
        const name = ring ? ringName : crossesRiver ? `${rowNames[r]!.split(' ')[0]} Bridge` : rowNames[r]!;
        if (kind === 'local' && rnd() < o.missingLocal) skipped.push([id, id + 1, name]);
        else add(id, id + 1, kind, name);
      }
      if (r + 1 < rows) {
        const ring = c === 0 || c === cols - 1;
        const kind: SegmentKind = ring ? 'ring' : isArterial(c, cols) ? 'arterial' : 'local';
        if (kind === 'local' && rnd() < o.missingLocal) skipped.push([id, id + cols, colNames[c]!]);
        else add(id, id + cols, kind, ring ? ringName : colNames[c]!);
      }
    }
  }
  // a missing street must not cut an intersection off: put back the first one that reconnects it
  for (;;) {
    const reached = reachable(nodes.length, segments);
    if (reached.size === nodes.length) break;
    const k = skipped.findIndex(([a, b]) => reached.has(a) !== reached.has(b));
    const [a, b, name] = skipped.splice(k, 1)[0]!;
    add(a, b, 'local', name);
  }
  const adjacency: [number, number][][] = nodes.map(() => []);
  for (const s of segments) {
    adjacency[s.from]!.push([s.index, s.to]);
    adjacency[s.to]!.push([s.index, s.from]);
  }
  let minLat = Infinity;
  let minLon = Infinity;
  let maxLat = -Infinity;
  let maxLon = -Infinity;
  for (const n of nodes) {
    minLat = Math.min(minLat, n.lat);
    maxLat = Math.max(maxLat, n.lat);
    minLon = Math.min(minLon, n.lon);
    maxLon = Math.max(maxLon, n.lon);
  }
  // a margin of ~300 m: GPS noise near the ring road stays on the map
  const padLat = 300 / M_PER_DEG_LAT;
  const padLon = 300 / M_PER_DEG_LON;
  return {
    seed,
    nodes,
    segments,
    adjacency,
    bbox: { minLat: minLat - padLat, minLon: minLon - padLon, maxLat: maxLat + padLat, maxLon: maxLon + padLon },
    riverCol,
    cols,
    rows,
  };
}

/** The intersections reachable from intersection 0. */
function reachable(n: number, segments: readonly Segment[]): Set<number> {
  const adj: number[][] = Array.from({ length: n }, () => []);
  for (const s of segments) {
    adj[s.from]!.push(s.to);
    adj[s.to]!.push(s.from);
  }
  const seen = new Set([0]);
  const todo = [0];
  while (todo.length > 0) {
    for (const v of adj[todo.pop()!]!) {
      if (seen.has(v)) continue;
      seen.add(v);
      todo.push(v);
    }
  }
  return seen;
}

/**
 * Whether a point is on the map (inside the network's box, margin included).
 *
 * @example
 * onMap(net, CITY_CENTRE); // true
 */
export function onMap(net: Pick<RoadNetwork, 'bbox'>, p: LatLon): boolean {
  const b = net.bbox;
  return p.lat >= b.minLat && p.lat <= b.maxLat && p.lon >= b.minLon && p.lon <= b.maxLon;
}

/**
 * The river as a polyline of [lon, lat] points, for the map.
 *
 * @example
 * riverPath(net); // [[6.95, 50.91], [6.95, 50.96]]
 */
export function riverPath(net: RoadNetwork): [number, number][] {
  const left = net.nodes[net.riverCol]!;
  const right = net.nodes[net.riverCol + 1]!;
  const lon = (left.lon + right.lon) / 2;
  return [
    [lon, net.bbox.minLat],
    [lon, net.bbox.maxLat],
  ];
}
