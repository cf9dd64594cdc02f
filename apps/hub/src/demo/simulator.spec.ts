import { describe, expect, it } from 'vitest';
import { BBOX } from './city.js';
import { BikeSimulator } from './simulator.js';

function run(seed: number, ticks: number) {
  const sim = new BikeSimulator({ bikes: 16, seed });
  const out = [];
  for (let i = 0; i < ticks; i++) out.push(...sim.tick(1_000_000 + i * 100, 100));
  return out;
}

describe('BikeSimulator', () => {
  it('is deterministic for a seed', () => {
    expect(run(7, 200)).toEqual(run(7, 200));
    expect(run(7, 200)).not.toEqual(run(8, 200));
  });

  it('reports about twice a second per bike, inside the city, for any seed', () => {
    // Many seeds: a bike placed on an edge street heading out once rode off the map.
    const rows = Array.from({ length: 20 }, (_, seed) => run(seed + 1, 600)).flat(); // 60 s each
    expect(rows.length).toBeGreaterThan(20 * 16 * 60 * 1.5);
    expect(rows.length).toBeLessThan(20 * 16 * 60 * 2.5);
    for (const r of rows) {
      expect(r.lon).toBeGreaterThanOrEqual(BBOX.minLon);
      expect(r.lon).toBeLessThanOrEqual(BBOX.maxLon);
      expect(r.lat).toBeGreaterThanOrEqual(BBOX.minLat);
      expect(r.lat).toBeLessThanOrEqual(BBOX.maxLat);
      expect(r.speedKmh).toBeGreaterThanOrEqual(0);
    }
  });

  it('keeps bikes moving over the whole grid (no bike stuck at an edge)', () => {
    const rows = run(7, 3000); // 5 min
    const cells = new Set(rows.map((r) => `${r.lon.toFixed(3)},${r.lat.toFixed(3)}`));
    expect(cells.size).toBeGreaterThan(100);
    const lastByBike = new Map<string, number>();
    const movedByBike = new Map<string, number>();
    for (const r of rows) {
      const prev = lastByBike.get(r.bike);
      if (prev !== undefined && prev !== r.lon + r.lat) movedByBike.set(r.bike, (movedByBike.get(r.bike) ?? 0) + 1);
      lastByBike.set(r.bike, r.lon + r.lat);
    }
    expect(movedByBike.size).toBe(16);
  });

  it('delivers a few readings late, 30-60 s behind', () => {
    const sim = new BikeSimulator({ bikes: 16, seed: 7, lateShare: 0.5 });
    const now = 5_000_000;
    const batch = sim.tick(now, 1000);
    const behind = batch.filter((r) => r.ts <= now - 30_000);
    expect(behind.length).toBeGreaterThan(0);
    for (const r of behind) expect(now - r.ts).toBeLessThanOrEqual(60_000);
  });
});
