import { describe, expect, it } from 'vitest';
import type { StreamlabError } from '@streamlab/core';
import type { Envelope } from './envelope.js';
import { createPaymentsModel, type Payment } from './examples/payments/model.js';
import { defineModel, defineScenario } from './model.js';
import { Simulation } from './simulation.js';
import type { SimulationInput } from './options.js';

const flat = createPaymentsModel({ rhythm: false });

function all<E, R, P>(sim: Simulation<E, R, P>, batch = 4096): Envelope<R>[] {
  const out: Envelope<R>[] = [];
  while (!sim.done) for (const e of sim.nextBatch(batch)) out.push(e);
  return out;
}

const disorderly: SimulationInput = {
  ratePerSec: 2_000,
  durationMs: 10_000,
  speed: 60,
  disorder: { outOfOrder: 0.05, late: 0.02, duplicates: 0.01, malformed: 0.01 },
};

describe('Simulation: determinism', () => {
  it('gives identical streams for one seed and different streams for another', () => {
    const a = all(new Simulation(flat, { ...disorderly, seed: 42 }));
    const b = all(new Simulation(createPaymentsModel({ rhythm: false }), { ...disorderly, seed: 42 }));
    const c = all(new Simulation(flat, { ...disorderly, seed: 43 }));
    expect(a.length).toBeGreaterThan(15_000);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
    // Different seeds differ record by record, not only in length.
    const same = a.slice(0, 1000).filter((e, i) => JSON.stringify(e.record) === JSON.stringify(c[i]?.record)).length;
    expect(same).toBeLessThan(10);
  });

  it('does not depend on how the stream is cut into batches', () => {
    const big = all(new Simulation(flat, { ...disorderly, seed: 5 }), 10_000);
    const small = all(new Simulation(flat, { ...disorderly, seed: 5 }), 7);
    expect(JSON.stringify(small)).toBe(JSON.stringify(big));
  });

  it('keeps the records when only the disorder changes (separate random streams)', () => {
    const clean = all(new Simulation(flat, { ...disorderly, seed: 9, disorder: {} }));
    const messy = all(new Simulation(flat, { ...disorderly, seed: 9 }));
    const bySeq = new Map(messy.map((e) => [e.seq, e.record]));
    expect(clean.every((e) => JSON.stringify(bySeq.get(e.seq)) === JSON.stringify(e.record))).toBe(true);
  });
});

describe('Simulation: time and rate', () => {
  it('generates rate x duration records (Poisson, within 5 sd) with event times in order inside the span', () => {
    const sim = new Simulation(flat, { seed: 1, ratePerSec: 10_000, durationMs: 10_000, speed: 1 });
    const out = all(sim);
    expect(Math.abs(out.length - 100_000)).toBeLessThan(5 * Math.sqrt(100_000));
    expect(out.every((e, i) => i === 0 || e.eventTimeMs >= out[i - 1]!.eventTimeMs)).toBe(true);
    expect(out[0]!.eventTimeMs).toBeGreaterThanOrEqual(sim.startMs);
    expect(out[out.length - 1]!.eventTimeMs).toBeLessThan(sim.endMs);
    expect(out.every((e) => e.record.eventTime === e.eventTimeMs && e.key === e.record.cardId)).toBe(true);
  });

  it('spreads event time over duration x speed, at rate / speed records per simulated second', () => {
    const sim = new Simulation(flat, { seed: 1, ratePerSec: 1_000, durationMs: 60_000, speed: 60 });
    expect(sim.endMs - sim.startMs).toBe(3_600_000);
    const out = all(sim);
    const firstHalf = out.filter((e) => e.eventTimeMs < sim.startMs + 1_800_000).length;
    expect(Math.abs(firstHalf - 30_000)).toBeLessThan(5 * Math.sqrt(30_000));
  });

  it('follows a bursty profile and the model rhythm (expectedRecords predicts the count)', () => {
    const bursty = new Simulation(flat, {
      seed: 2,
      ratePerSec: 1_000,
      durationMs: 60_000,
      profile: { kind: 'bursty', factor: 4, everyMs: 10_000, burstMs: 2_000 },
    });
    const n = all(bursty).length;
    expect(bursty.expectedRecords).toBe(96_000);
    expect(Math.abs(n - 96_000)).toBeLessThan(5 * Math.sqrt(96_000));
    // A day at speed 1440 (one simulated day per minute): the shopping rhythm shapes the hours.
    const day = new Simulation(createPaymentsModel(), { seed: 2, ratePerSec: 2_000, durationMs: 60_000, speed: 1_440 });
    const out = all(day);
    expect(Math.abs(out.length - day.expectedRecords)).toBeLessThan(5 * Math.sqrt(day.expectedRecords));
    const hour = (h: number) => out.filter((e) => new Date(e.eventTimeMs).getUTCHours() === h).length;
    expect(hour(19)).toBeGreaterThan(10 * hour(3));
  });

  it("runs each entity on its own clock with a model's every (its interval, its silence), whatever the rate", () => {
    // a sensor reports every `periodMs`; sensor 0 goes quiet for a minute after its 5th reading
    const sensors = defineModel({
      name: 'clocked',
      entities: 4,
      timeField: 'ts',
      createEntity: ({ index }) => ({ id: `s-${index}`, periodMs: 1_000 * (index + 1), n: 0 }),
      key: (s) => s.id,
      step: (s, { now }) => ({ id: s.id, ts: now, n: ++s.n }),
      every: (s, { rng }) => (s.id === 's-0' && s.n === 5 ? 60_000 : s.periodMs * (1 + rng.range(-0.05, 0.05))),
    });
    const sim = new Simulation(sensors, { seed: 1, ratePerSec: 99_999, durationMs: 600_000 });
    // expected from the first intervals: 1 + 1/2 + 1/3 + 1/4 records per second for 600 s
    expect(Math.abs(sim.expectedRecords - 1_250)).toBeLessThan(70);
    // what a run aims at is the clocks' rate, not the ignored ratePerSec
    expect(sim.targetRatePerSec).toBeCloseTo(sim.expectedRecords / 600, 6);
    const out = all(sim);
    expect(out.every((e, i) => i === 0 || e.eventTimeMs >= out[i - 1]!.eventTimeMs)).toBe(true);
    for (const [id, period] of [
      ['s-1', 2_000],
      ['s-2', 3_000],
      ['s-3', 4_000],
    ] as const) {
      const times = out.filter((e) => e.key === id).map((e) => e.eventTimeMs);
      const gaps = times.slice(1).map((t, i) => t - times[i]!);
      expect(times[0]! - sim.startMs).toBeLessThan(period * 1.05);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(period * 0.95 - 1);
      expect(Math.max(...gaps)).toBeLessThanOrEqual(period * 1.05 + 1);
      expect(new Set(gaps).size).toBeGreaterThan(10); // jittered, not a fixed beat
    }
    const s0 = out.filter((e) => e.key === 's-0').map((e) => e.eventTimeMs);
    expect(s0[5]! - s0[4]!).toBe(60_000);
    expect(JSON.stringify(all(new Simulation(sensors, { seed: 1, durationMs: 600_000 }), 7))).toBe(JSON.stringify(out));
  });

  it('rejects an interval that is not a positive number, naming the entity', () => {
    const broken = defineModel({
      name: 'broken-clock',
      entities: 2,
      timeField: 'ts',
      createEntity: ({ index }) => ({ id: `s-${index}` }),
      key: (s) => s.id,
      step: (s, { now }) => ({ id: s.id, ts: now }),
      every: (s) => (s.id === 's-1' ? 0 : 1_000),
    });
    expect(() => new Simulation(broken, { seed: 1 })).toThrow(/model "broken-clock": every\(\) gave 0 ms for s-1/);
    expect(() => new Simulation(broken, { seed: 1 })).toThrow(expect.objectContaining({ code: 'DATAGEN_BAD_INTERVAL', value: 0 }));
  });

  it('draws the same entity attributes whatever the population size (faker seeded per entity)', () => {
    const cards = (entities: number, seed = 3) => {
      const sim = new Simulation(flat, { seed, entities, ratePerSec: 100, durationMs: 1_000 });
      return sim.population.slice(0, 50).map((c) => ({ key: c.cardId, holder: c.holder, home: c.home.city, median: c.medianEur }));
    };
    expect(cards(100)).toEqual(cards(5_000));
    expect(new Set(cards(100).map((c) => c.holder)).size).toBeGreaterThan(45);
    expect(cards(100, 4).map((c) => c.holder)).not.toEqual(cards(100).map((c) => c.holder));
  });
});

describe('Simulation: scenarios and labels', () => {
  const opts: SimulationInput = { seed: 11, ratePerSec: 300, durationMs: 600_000, speed: 60 }; // 10 simulated hours
  const sim = new Simulation(flat, opts);
  const out = all(sim);
  const incidents = sim.takeIncidents();

  it('starts incidents on the schedule', () => {
    const ring = incidents.filter((i) => i.scenario === 'fraud-ring');
    // every 3 hours from 00:30: 00:30, 03:30, 06:30, 09:30
    expect(ring.map((i) => i.startMs - sim.startMs)).toEqual([0.5, 3.5, 6.5, 9.5].map((h) => h * 3_600_000));
    expect(ring.every((i) => i.endMs - i.startMs === 20 * 60_000 && i.keys.length === 5)).toBe(true);
    const testing = incidents.filter((i) => i.scenario === 'card-testing');
    expect(testing.length).toBeGreaterThan(5); // 2 per hour on average over 10 hours
    expect(testing.length).toBeLessThan(40);
    expect(sim.stats.incidents).toEqual({ 'card-testing': testing.length, 'fraud-ring': 4 });
    expect(new Set(incidents.map((i) => i.id)).size).toBe(incidents.length);
  });

  it('labels exactly the records of involved entities during their incidents', () => {
    const byId = new Map(incidents.map((i) => [i.id, i]));
    const labelled = out.filter((e) => e.label?.scenario);
    expect(labelled.length).toBe(sim.stats.labelled);
    for (const e of labelled) {
      const inc = byId.get(e.label!.incidentId!)!;
      expect(inc.scenario).toBe(e.label!.scenario);
      expect(inc.keys).toContain(e.key);
      expect(e.eventTimeMs).toBeGreaterThanOrEqual(inc.startMs);
      expect(e.eventTimeMs).toBeLessThan(inc.endMs);
    }
    // Conversely: any record of an involved card inside an incident window is labelled.
    const unlabelledInside = out.filter(
      (e) => !e.label?.scenario && incidents.some((i) => i.keys.includes(e.key) && e.eventTimeMs >= i.startMs && e.eventTimeMs < i.endMs),
    );
    expect(unlabelledInside).toEqual([]);
    // Every incident produced labelled records, and they look like their scenario.
    for (const inc of incidents) expect(labelled.some((e) => e.label!.incidentId === inc.id)).toBe(true);
    const tests = labelled.filter((e) => e.label!.scenario === 'card-testing');
    expect(tests.every((e) => (e.record as Payment).amount <= 3 && (e.record as Payment).channel === 'e-commerce')).toBe(true);
    const ring = labelled.filter((e) => e.label!.incidentId === 'fraud-ring-1');
    expect(new Set(ring.map((e) => (e.record as Payment).merchantId)).size).toBe(1);
  });

  it('gives a fraud ring its share of the arrivals while it is active', () => {
    const inc = incidents.find((i) => i.id === 'fraud-ring-2')!;
    const during = out.filter((e) => e.eventTimeMs >= inc.startMs && e.eventTimeMs < inc.endMs);
    const ring = during.filter((e) => e.label?.incidentId === inc.id).length;
    // share 0.02 of ~6,000 records, plus the 5 cards' usual tiny share
    expect(ring / during.length).toBeGreaterThan(0.012);
    expect(ring / during.length).toBeLessThan(0.03);
  });

  it('runs only the scenarios asked for, and rejects an unknown one', () => {
    const none = new Simulation(flat, { ...opts, scenarios: [] });
    expect(all(none).some((e) => e.label?.scenario)).toBe(false);
    const ringOnly = new Simulation(flat, { ...opts, scenarios: ['fraud-ring'] });
    all(ringOnly);
    expect(ringOnly.stats.incidents).toEqual({ 'fraud-ring': 4 });
    expect(() => new Simulation(flat, { ...opts, scenarios: ['bank-heist'] })).toThrowError(/no scenario "bank-heist".*card-testing, fraud-ring/);
  });
});

describe('Simulation: models and options', () => {
  it('rejects bad options with a coded error naming each field', () => {
    try {
      new Simulation(flat, { ratePerSec: -5, disorder: { late: 1.5 } });
      expect.unreachable();
    } catch (err) {
      expect((err as StreamlabError).code).toBe('DATAGEN_BAD_OPTIONS');
      expect((err as StreamlabError).message).toMatch(/ratePerSec/);
      expect((err as StreamlabError).message).toMatch(/late/);
    }
  });

  it('lets every step see the active incidents, world-level ones included', () => {
    const roads = defineModel<{ id: string }, { id: string; ts: number; closed: boolean }>({
      name: 'roads',
      entities: 5,
      timeField: 'ts',
      createEntity: ({ index }) => ({ id: `v${index}` }),
      key: (v) => v.id,
      step: (v, { now, incidents }) => ({ id: v.id, ts: now, closed: incidents.some((i) => i.scenario === 'closure') }),
      scenarios: [defineScenario({ name: 'closure', schedule: { at: ['10 seconds'] }, duration: '20 seconds', entities: 0 })],
    });
    const sim = new Simulation(roads, { seed: 1, ratePerSec: 50, durationMs: 60_000 });
    const out = all(sim);
    const start = sim.startMs;
    expect(out.every((e) => e.record.closed === (e.eventTimeMs >= start + 10_000 && e.eventTimeMs < start + 30_000))).toBe(true);
    expect(out.filter((e) => e.record.closed).length).toBeGreaterThan(500);
    expect(out.some((e) => e.label)).toBe(false); // nobody's records are relabelled
  });

  it("labels the model's own records for a scenario without a step (it sees ctx.incident)", () => {
    const machines = defineModel<{ id: string }, { id: string; ts: number; hot: boolean }>({
      name: 'machines',
      entities: 4,
      timeField: 'ts',
      createEntity: ({ index }) => ({ id: `m${index}` }),
      key: (m) => m.id,
      step: (m, { now, incident }) => ({ id: m.id, ts: now, hot: incident?.scenario === 'overheat' }),
      scenarios: [defineScenario({ name: 'overheat', schedule: { at: ['5 seconds'] }, duration: '10 seconds', entities: 1 })],
    });
    const sim = new Simulation(machines, { seed: 2, ratePerSec: 40, durationMs: 30_000 });
    const out = all(sim);
    const hot = out.filter((e) => e.record.hot);
    expect(hot.length).toBeGreaterThan(50);
    expect(out.every((e) => e.record.hot === (e.label?.incidentId === 'overheat-1'))).toBe(true);
    expect(new Set(hot.map((e) => e.key)).size).toBe(1);
  });

  it('runs a minimal model with round-robin picking (every entity once per cycle)', () => {
    const sensors = defineModel({
      name: 'sensors',
      entities: 10,
      timeField: 'ts',
      pick: 'round-robin',
      createEntity: ({ index, rng }) => ({ id: `s${index}`, temp: rng.range(18, 24) }),
      key: (s) => s.id,
      step: (s, { now, rng }) => ({ id: s.id, ts: now, temp: (s.temp += rng.normal(0, 0.1)) }),
    });
    const out = all(new Simulation(sensors, { seed: 1, ratePerSec: 100, durationMs: 10_000 }));
    const firstCycle = out
      .slice(0, 10)
      .map((e) => e.key)
      .sort();
    expect(firstCycle).toEqual(Array.from({ length: 10 }, (_, i) => `s${i}`).sort());
    expect(out.slice(10, 20).map((e) => e.key)).toEqual(out.slice(0, 10).map((e) => e.key));
  });
});
