/**
 * Shortest routes by travel time: A* over the network's intersections, with a cost per segment
 * (seconds) that the caller gives (free-flow for the dispatch plan, live speeds for a reroute). A
 * segment whose cost is not finite is closed: the search never relaxes it, so a route through a
 * closed road cannot come out. The heuristic (straight-line distance at the fastest free-flow
 * speed) never overestimates, so the route is optimal.
 */
import { metersBetween } from './geo.js';
import type { RoadNetwork } from './network.js';

export interface Route {
  /** Intersections from start to goal. */
  nodes: number[];
  /** Segment indices, `nodes.length - 1` of them. */
  segments: number[];
  /** Travel time under the costs it was computed with. */
  costSec: number;
}

/** Seconds to drive a segment, `Infinity` when it is closed. */
export type SegmentCost = (segment: number) => number;

/**
 * Free-flow travel time of each segment.
 *
 * @example
 * const route = shortestRoute(net, 0, 40, freeFlowCost(net));
 */
export function freeFlowCost(net: RoadNetwork): SegmentCost {
  const secs = net.segments.map((s) => s.lengthM / (s.freeFlowKmh / 3.6));
  return (i) => secs[i]!;
}

/** A binary min-heap of (priority, node), in flat arrays: no object per push in the search loop. */
class Heap {
  private readonly keys: number[] = [];
  private readonly vals: number[] = [];
  get size(): number {
    return this.keys.length;
  }
  push(key: number, val: number): void {
    const k = this.keys;
    const v = this.vals;
    let i = k.length;
    k.push(key);
    v.push(val);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (k[p]! <= key) break;
      k[i] = k[p]!;
      v[i] = v[p]!;
      i = p;
    }
    k[i] = key;
    v[i] = val;
  }
  pop(): number {
    const k = this.keys;
    const v = this.vals;
    const top = v[0]!;
    const lastK = k.pop()!;
    const lastV = v.pop()!;
    const n = k.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && k[r]! < k[l]! ? r : l;
        if (k[c]! >= lastK) break;
        k[i] = k[c]!;
        v[i] = v[c]!;
        i = c;
      }
      k[i] = lastK;
      v[i] = lastV;
    }
    return top;
  }
}

const maxSpeedCache = new WeakMap<RoadNetwork, number>();

/**
 * The fastest route from `start` to `goal` under `cost`, or `null` when every way is closed.
 *
 * @example
 * shortestRoute(net, 0, 40, freeFlowCost(net)); // { nodes: [0, 1, ...], segments: [...], costSec: 310 }
 */
export function shortestRoute(net: RoadNetwork, start: number, goal: number, cost: SegmentCost): Route | null {
  if (start === goal) return { nodes: [start], segments: [], costSec: 0 };
  let vmax = maxSpeedCache.get(net);
  if (vmax === undefined) {
    vmax = Math.max(...net.segments.map((s) => s.freeFlowKmh)) / 3.6;
    maxSpeedCache.set(net, vmax);
  }
  const n = net.nodes.length;
  const g = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const via = new Int32Array(n).fill(-1);
  const done = new Uint8Array(n);
  const target = net.nodes[goal]!;
  const h = (i: number) => metersBetween(net.nodes[i]!, target) / vmax;
  const open = new Heap();
  g[start] = 0;
  open.push(h(start), start);
  while (open.size > 0) {
    const u = open.pop();
    if (done[u]) continue;
    if (u === goal) break;
    done[u] = 1;
    for (const [seg, v] of net.adjacency[u]!) {
      const c = cost(seg);
      if (!Number.isFinite(c) || done[v]) continue;
      const alt = g[u]! + c;
      if (alt < g[v]!) {
        g[v] = alt;
        via[v] = seg;
        open.push(alt + h(v), v);
      }
    }
  }
  if (!Number.isFinite(g[goal]!)) return null;
  const nodes = [goal];
  const segments: number[] = [];
  for (let at = goal; at !== start; ) {
    const seg = via[at]!;
    const s = net.segments[seg]!;
    segments.push(seg);
    at = s.from === at ? s.to : s.from;
    nodes.push(at);
  }
  nodes.reverse();
  segments.reverse();
  return { nodes, segments, costSec: g[goal]! };
}

/**
 * Travel time of a given route under `cost` (`Infinity` when it crosses a closed segment).
 *
 * @example
 * routeCost(old.segments, liveCost); // the ETA had the vehicle kept its route
 */
export function routeCost(segments: readonly number[], cost: SegmentCost): number {
  let total = 0;
  for (const s of segments) total += cost(s);
  return total;
}
