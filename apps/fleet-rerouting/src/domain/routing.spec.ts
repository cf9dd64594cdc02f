import { describe, expect, it } from 'vitest';
import { net } from './fixtures.js';
import { freeFlowCost, routeCost, shortestRoute } from './routing.js';

/** Dijkstra by brute force (A* with a zero heuristic is Dijkstra): the reference A* must match. */
function dijkstra(from: number, to: number, cost: (s: number) => number): number {
  const dist = new Array<number>(net.nodes.length).fill(Number.POSITIVE_INFINITY);
  const done = new Set<number>();
  dist[from] = 0;
  for (;;) {
    let u = -1;
    for (let i = 0; i < dist.length; i++) if (!done.has(i) && (u < 0 || dist[i]! < dist[u]!)) u = i;
    if (u < 0 || !Number.isFinite(dist[u]!)) break;
    done.add(u);
    for (const [seg, v] of net.adjacency[u]!) dist[v] = Math.min(dist[v]!, dist[u]! + cost(seg));
  }
  return dist[to]!;
}

describe('shortestRoute (A*)', () => {
  const free = freeFlowCost(net);

  it('finds the optimal travel time (the same as Dijkstra) and a connected route', () => {
    for (const [a, b] of [
      [0, net.nodes.length - 1],
      [5, 130],
      [47, 3],
      [100, 101],
    ] as const) {
      const r = shortestRoute(net, a, b, free)!;
      expect(r.costSec).toBeCloseTo(dijkstra(a, b, free), 6);
      expect(r.nodes[0]).toBe(a);
      expect(r.nodes.at(-1)).toBe(b);
      expect(routeCost(r.segments, free)).toBeCloseTo(r.costSec, 6);
      r.segments.forEach((s, i) => expect([net.segments[s]!.from, net.segments[s]!.to].sort()).toEqual([r.nodes[i], r.nodes[i + 1]].sort()));
    }
  });

  it('never goes through a closed segment, and gives up when every way is closed', () => {
    const r = shortestRoute(net, 0, net.nodes.length - 1, free)!;
    const closed = new Set(r.segments.slice(0, 3));
    const around = shortestRoute(net, 0, net.nodes.length - 1, (s) => (closed.has(s) ? Number.POSITIVE_INFINITY : free(s)))!;
    expect(around.segments.some((s) => closed.has(s))).toBe(false);
    expect(around.costSec).toBeGreaterThanOrEqual(r.costSec);
    const cut = new Set(net.adjacency[0]!.map(([s]) => s));
    expect(shortestRoute(net, 0, 50, (s) => (cut.has(s) ? Number.POSITIVE_INFINITY : free(s)))).toBeNull();
  });
});
