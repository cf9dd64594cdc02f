import { describe, expect, it } from 'vitest';
import { Simulation } from '@streamlab/datagen';
import { cityNetwork } from '../domain/city.js';
import { pingSchema } from '../domain/ping.js';
import { shortestRoute } from '../domain/routing.js';
import { freeFlowCost } from '../domain/routing.js';
import { createFleetModel, type FleetModelOptions, MODEL_DEFAULTS } from './model.js';
import { PINGS_PER_VEHICLE_SEC } from './telematics.js';
import { type FleetWorld, RerouteInbox } from './world.js';

const START = Date.UTC(2026, 0, 5, 7, 0);
function simulate(seed = 3, inbox = new RerouteInbox(), o: Partial<FleetModelOptions> = {}) {
  let world: FleetWorld | undefined;
  const model = createFleetModel({ ...MODEL_DEFAULTS, vehicles: 150, inbox, onWorld: (w) => (world = w), ...o });
  const sim = new Simulation(model, { seed, durationMs: 3_600_000, startMs: START });
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

  it('pings each vehicle on its own 2-5 s clock, jittered: valid pings on the map, vans and trucks with jobs', () => {
    const { sim } = simulate(3, new RerouteInbox(), { dropoutChance: 0 });
    const envs = sim.nextBatch(1_000_000, START + 10 * 60_000).filter((e) => e.label?.disorder === undefined);
    const schema = pingSchema(cityNetwork(1));
    expect(envs.every((e) => schema.safeParse(e.record).success)).toBe(true);
    const intervals: number[] = [];
    for (const v of sim.population.slice(0, 40)) {
      const times = envs.filter((e) => e.key === v.vehicleId).map((e) => e.eventTimeMs);
      const gaps = times.slice(1).map((t, i) => t - times[i]!);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(Math.max(2_000, v.telematics.everyMs * 0.9 - 1));
      expect(Math.max(...gaps)).toBeLessThanOrEqual(Math.min(5_000, v.telematics.everyMs * 1.1 + 1));
      expect(new Set(gaps).size).toBeGreaterThan(20); // jittered, not a fixed beat
      intervals.push(v.telematics.everyMs);
    }
    // each its own interval, spread over 2-5 s
    expect(Math.min(...intervals)).toBeLessThan(2_600);
    expect(Math.max(...intervals)).toBeGreaterThan(4_400);
    expect(new Set(intervals).size).toBeGreaterThan(35);
    // the fleet's rate follows: 150 vehicles at about 0.305 pings a second each
    expect(Math.abs(envs.length / 600 - 150 * PINGS_PER_VEHICLE_SEC)).toBeLessThan(2);
    expect(new Set(envs.map((e) => e.key.split('-')[0]))).toEqual(new Set(['van', 'truck']));
    expect(envs.some((e) => e.record.job !== null && e.record.speedKmh > 5)).toBe(true);
  });

  it('drops telematics in the model: a vehicle goes silent 1-3 minutes, then its stored fixes come late or are lost', () => {
    const { sim } = simulate(5, new RerouteInbox(), { dropoutChance: 0.004, lostBacklogShare: 0.5 });
    const envs = sim.nextBatch(1_000_000, START + 30 * 60_000).filter((e) => e.label?.disorder === undefined);
    let uploaded = 0;
    let lost = 0;
    for (const v of sim.population) {
      const mine = envs.filter((e) => e.key === v.vehicleId);
      for (let i = 1; i < mine.length; i++) {
        const silence = mine[i]!.eventTimeMs - mine[i - 1]!.eventTimeMs;
        if (silence <= 5_000) continue;
        expect(silence).toBeGreaterThanOrEqual(60_000);
        expect(silence).toBeLessThanOrEqual(180_000 + 5_000);
        // the live fix first, then the stored ones in a burst, sent now with their own (older) event time
        const live = mine[i]!;
        expect(live.record.eventTime).toBe(live.eventTimeMs);
        const burst = mine.slice(i + 1).filter((e) => e.record.eventTime < live.eventTimeMs);
        if (burst.length === 0) {
          lost++;
          continue;
        }
        uploaded++;
        expect(burst.length).toBeGreaterThanOrEqual(Math.floor(silence / v.telematics.everyMs) - 1);
        expect(burst.every((e) => e.eventTimeMs - live.eventTimeMs < 50 * (burst.length + 1))).toBe(true);
        expect(burst.every((e, k) => k === 0 || e.record.eventTime > burst[k - 1]!.record.eventTime)).toBe(true);
        expect(burst[0]!.record.eventTime).toBeGreaterThan(mine[i - 1]!.eventTimeMs);
        expect(new Set(burst.map((e) => e.record.pingId)).size).toBe(burst.length);
      }
    }
    expect(uploaded).toBeGreaterThan(3);
    expect(lost).toBeGreaterThan(3);
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
