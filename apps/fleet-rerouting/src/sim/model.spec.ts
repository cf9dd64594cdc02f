import { describe, expect, it } from 'vitest';
import { memoryOutput, runSimulation, Simulation } from '@streamlab/datagen';
import type { Position } from '../domain/position.js';
import { CITY, inZone, RESTRICTED_ZONE } from '../domain/zone.js';
import { fleetReroutingModel } from './model.js';

async function simulate(seed: number) {
  const out = memoryOutput<Position>();
  await runSimulation(new Simulation(fleetReroutingModel, { seed, ratePerSec: 20, durationMs: 5 * 60_000 }), out, { asap: true });
  return out.envelopes;
}

describe('fleetReroutingModel', () => {
  it('is deterministic: the same seed gives the same positions', async () => {
    const [a, b] = [await simulate(7), await simulate(7)];
    expect(a.length).toBeGreaterThan(5000);
    expect(b.map((e) => e.record)).toEqual(a.map((e) => e.record));
  });

  it('keeps every vehicle in the city, and ordinary ones out of the zone', async () => {
    const envelopes = await simulate(7);
    for (const { record: p } of envelopes) {
      expect(p.lat).toBeGreaterThanOrEqual(CITY.minLat);
      expect(p.lat).toBeLessThanOrEqual(CITY.maxLat);
      expect(p.lon).toBeGreaterThanOrEqual(CITY.minLon);
      expect(p.lon).toBeLessThanOrEqual(CITY.maxLon);
    }
    const intruders = new Set(envelopes.filter((e) => e.label?.scenario).map((e) => e.record.vehicleId));
    const strays = envelopes.filter((e) => !intruders.has(e.record.vehicleId) && inZone(e.record, RESTRICTED_ZONE));
    expect(strays).toEqual([]);
  });

  it('labels the zone-intrusion scenario, whose vehicle ends up in the zone', async () => {
    const envelopes = await simulate(7);
    const intrusions = envelopes.filter((e) => e.label?.scenario === 'zone-intrusion');
    const incidents = new Set(intrusions.map((e) => e.label?.incidentId));
    expect(incidents.size).toBeGreaterThanOrEqual(4);
    for (const id of incidents) {
      const own = intrusions.filter((e) => e.label?.incidentId === id);
      expect(own.filter((e) => inZone(e.record, RESTRICTED_ZONE)).length, String(id)).toBeGreaterThan(10);
    }
  });
});
