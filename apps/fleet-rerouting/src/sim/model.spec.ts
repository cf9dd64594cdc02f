import { describe, expect, it } from 'vitest';
import { Simulation } from '@streamlab/datagen';
import { cityNetwork } from '../domain/city.js';
import { pingSchema } from '../domain/ping.js';
import { shortestRoute } from '../domain/routing.js';
import { freeFlowCost } from '../domain/routing.js';
import { createFleetModel, MODEL_DEFAULTS } from './model.js';
import { type FleetWorld, RerouteInbox } from './world.js';

const START = Date.UTC(2026, 0, 5, 7, 0);
function simulate(seed = 3, inbox = new RerouteInbox()) {
  let world: FleetWorld | undefined;
  const model = createFleetModel({ ...MODEL_DEFAULTS, vehicles: 150, inbox, onWorld: (w) => (world = w) });
  const sim = new Simulation(model, { seed, ratePerSec: 50, durationMs: 3_600_000, startMs: START });
  sim.nextBatch(0, START);
  return { sim, world: () => world!, inbox };
}

describe('the fleet simulator', () => {
  it('is seeded: the same seed gives the same pings', () => {
    const a = simulate().sim.nextBatch(2_000, START + 60_000);
    const b = simulate().sim.nextBatch(2_000, START + 60_000);
    expect(a.length).toBeGreaterThan(1_000);
    expect(a.map((e) => JSON.stringify(e.record))).toEqual(b.map((e) => JSON.stringify(e.record)));
  });

  it('pings every vehicle every 3 s, valid pings on the map, vans and trucks with jobs', () => {
    const { sim } = simulate();
    const envs = sim.nextBatch(100_000, START + 120_000).filter((e) => e.label?.disorder === undefined);
    const schema = pingSchema(cityNetwork(1));
    expect(envs.every((e) => schema.safeParse(e.record).success)).toBe(true);
    const times = envs.filter((e) => e.key === 'van-001').map((e) => e.eventTimeMs);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(2_000);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(5_000);
    expect(new Set(envs.map((e) => e.key.split('-')[0]))).toEqual(new Set(['van', 'truck']));
    expect(envs.some((e) => e.record.job !== null && e.record.speedKmh > 5)).toBe(true);
  });

  it('starts labelled incidents on busy segments that slow the vehicles driving into them', () => {
    const { sim, world } = simulate();
    sim.nextBatch(1_000_000, START + 30 * 60_000);
    const w = world();
    expect(w.incidents.map((i) => i.kind)).toEqual(expect.arrayContaining(['crash', 'closure', 'roadworks']));
    for (const i of w.incidents) expect(i.endMs).toBeGreaterThan(i.startMs);
    const slowed = w.incidents.filter((i) => Number.isFinite(i.firstSlowedMs));
    expect(slowed.length).toBeGreaterThanOrEqual(w.incidents.length - 1);
    const on = w.incidents.find((i) => i.endMs > START + 30 * 60_000)!;
    expect(w.incidentFactor(on.segment, on.startMs + 1)).toBeLessThan(0.3);
    expect(w.incidentFactor(on.segment, on.endMs)).toBe(1);
  });

  it('closes the loop: a vehicle follows the route it is sent from the intersection ahead', () => {
    const { sim, inbox } = simulate();
    sim.nextBatch(1_000_000, START + 5 * 60_000);
    const net = cityNetwork(1);
    const v = sim.population.find((x) => x.mode === 'driving' && x.routeSegs.length - x.leg > 4)!;
    const ahead = v.routeNodes[v.leg + 1]!;
    const avoid = v.routeSegs[v.leg + 1]!;
    const free = freeFlowCost(net);
    const detour = shortestRoute(net, ahead, v.routeNodes.at(-1)!, (s) => (s === avoid ? Number.POSITIVE_INFINITY : free(s)))!;
    inbox.deliver({
      rerouteId: `${v.vehicleId}#1`,
      vehicleId: v.vehicleId,
      stopId: v.stops[v.next]!.stopId,
      eventTime: START + 5 * 60_000,
      reason: 'test',
      segmentId: `s-${avoid}`,
      street: '',
      oldRoute: v.routeSegs.slice(v.leg + 1),
      newRoute: detour.segments,
      newNodes: detour.nodes,
      etaBeforeMs: 0,
      etaAfterMs: 0,
      savedMs: 0,
    });
    sim.nextBatch(1_000_000, START + 5 * 60_000 + 10_000);
    expect(v.legRerouted).toBe(true);
    expect(v.routeSegs).not.toContain(avoid);
    expect(v.routeNodes.at(-1)).toBe(detour.nodes.at(-1));
  });
});
