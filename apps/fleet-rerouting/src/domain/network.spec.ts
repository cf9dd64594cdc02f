import { describe, expect, it } from 'vitest';
import { cityNetwork } from './city.js';
import { CITY_CENTRE, metersBetween } from './geo.js';
import { buildNetwork } from './network.js';

describe('the city network', () => {
  const net = cityNetwork(1);

  it('is the same for the same seed, and another city for another seed', () => {
    expect(JSON.stringify(buildNetwork(1))).toBe(JSON.stringify(buildNetwork(1)));
    expect(JSON.stringify(buildNetwork(2).nodes)).not.toBe(JSON.stringify(buildNetwork(1).nodes));
  });

  it('lies over Cologne, with arterials, local streets, a ring road and named streets', () => {
    const b = net.bbox;
    expect(metersBetween({ lat: (b.minLat + b.maxLat) / 2, lon: (b.minLon + b.maxLon) / 2 }, CITY_CENTRE)).toBeLessThan(500);
    const kinds = new Set(net.segments.map((s) => s.kind));
    expect([...kinds].sort()).toEqual(['arterial', 'bridge', 'local', 'ring']);
    expect(net.segments.every((s) => s.name.length > 3 && s.freeFlowKmh < s.speedLimitKmh)).toBe(true);
    expect(new Set(net.segments.map((s) => s.name)).size).toBeGreaterThan(15);
  });

  it('crosses the river only on its bridges and the ring road', () => {
    const crossing = net.segments.filter((s) => {
      const [a, b] = [s.from % net.cols, s.to % net.cols].sort((x, y) => x - y);
      return a === net.riverCol && b === net.riverCol + 1;
    });
    expect(crossing.filter((s) => s.kind === 'bridge')).toHaveLength(3);
    expect(crossing.every((s) => s.kind === 'bridge' || s.kind === 'ring')).toBe(true);
  });

  it('connects every intersection to every other', () => {
    const seen = new Set([0]);
    const todo = [0];
    while (todo.length > 0) {
      for (const [, v] of net.adjacency[todo.pop()!]!) {
        if (!seen.has(v)) {
          seen.add(v);
          todo.push(v);
        }
      }
    }
    expect(seen.size).toBe(net.nodes.length);
  });
});
