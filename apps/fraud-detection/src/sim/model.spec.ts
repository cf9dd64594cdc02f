import { describe, expect, it } from 'vitest';
import { Simulation, type Envelope } from '@streamlab/datagen';
import { haversineKm } from '../domain/geo.js';
import { toEur } from '../domain/money.js';
import { cardProfileSchema, merchantSchema, transactionSchema, type Transaction } from '../domain/schemas.js';
import { createWorld, fraudModel } from './model.js';
import { SCENARIO_NAMES } from './scenarios.js';

const RATE = 20;
const world = createWorld({ seed: 'spec-world', cards: 2_000, simRatePerSec: RATE });
const START = Date.UTC(2026, 0, 5, 11, 0);

function run(seed: number, minutes = 20): Envelope<Transaction>[] {
  const model = fraudModel({ world, simRatePerSec: RATE, incidentsPerHour: 20 });
  const sim = new Simulation(model, { seed, ratePerSec: RATE, durationMs: minutes * 60_000, startMs: START });
  const out: Envelope<Transaction>[] = [];
  while (!sim.done) out.push(...sim.nextBatch(5_000));
  return out;
}

const envs = run(7);
function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const t of items) {
    const k = key(t);
    const list = m.get(k);
    if (list) list.push(t);
    else m.set(k, [t]);
  }
  return m;
}
const byScenario = (name: string) => envs.filter((e) => e.label?.scenario === name);

describe('the world', () => {
  it('has valid static tables: a profile per card and merchants with baselines', () => {
    expect(world.profiles).toHaveLength(2_000);
    for (const p of world.profiles.slice(0, 200)) expect(cardProfileSchema.safeParse(p).success).toBe(true);
    for (const m of world.merchantTable.slice(0, 200)) expect(merchantSchema.safeParse(m).success).toBe(true);
    expect(world.merchantTable.some((m) => m.usualCardsPer5Min > 0)).toBe(true);
  });

  it('is the same for the same seed', () => {
    const again = createWorld({ seed: 'spec-world', cards: 2_000, simRatePerSec: RATE });
    expect(again.profiles.slice(0, 50)).toEqual(world.profiles.slice(0, 50));
  });
});

describe('the simulator', () => {
  it('is reproducible for a seed, and different for another', () => {
    const first = run(7, 2);
    const again = run(7, 2);
    const other = run(8, 2);
    expect(again.map((e) => e.record)).toEqual(first.map((e) => e.record));
    expect(other.slice(0, 50).map((e) => e.record.txId + e.record.cardId)).not.toEqual(first.slice(0, 50).map((e) => e.record.txId + e.record.cardId));
  });

  it('emits only valid transactions, about the configured rate, keyed by card', () => {
    expect(envs.length).toBeGreaterThan(RATE * 60 * 20 * 0.8);
    for (const e of envs) {
      expect(transactionSchema.safeParse(e.record).success).toBe(true);
      expect(e.key).toBe(e.record.cardId);
      expect(e.record.eventTime).toBe(e.eventTimeMs);
    }
  });

  it('keeps ordinary spending at home: no ordinary physical use outside the home city', () => {
    for (const e of envs) {
      if (e.label?.scenario || e.record.channel === 'e-commerce') continue;
      const p = world.profiles[world.holderByCard.get(e.record.cardId)!]!;
      expect(haversineKm(e.record, { lat: p.homeLat, lon: p.homeLon })).toBeLessThan(40);
    }
  });

  it('runs every scenario and labels its records with the incident', () => {
    for (const name of SCENARIO_NAMES) {
      const recs = byScenario(name);
      expect(recs.length, name).toBeGreaterThan(0);
      expect(recs.every((e) => e.label!.incidentId!.startsWith(`${name}-`))).toBe(true);
    }
  });

  it('card testing: tiny online charges, then a large one, on the same card', () => {
    const incidents = groupBy(byScenario('card-testing'), (e) => e.label!.incidentId!);
    const complete = [...incidents.values()].filter((list) => list.some((e) => toEur(e.record.amount, e.record.currency) >= 250));
    expect(complete.length).toBeGreaterThan(0);
    for (const list of complete) {
      const last = list[list.length - 1]!.record;
      expect(list.slice(0, -1).every((e) => e.record.channel === 'e-commerce' && toEur(e.record.amount, e.record.currency) < 2)).toBe(true);
      expect(new Set(list.map((e) => e.record.cardId)).size).toBe(1);
      expect(list.length - 1).toBeGreaterThanOrEqual(3);
      expect(last.channel).toBe('e-commerce');
    }
  });

  it('impossible travel: a physical use at home, then in a far-away city', () => {
    const incidents = groupBy(byScenario('impossible-travel'), (e) => e.label!.incidentId!);
    const withHop = [...incidents.values()].filter((l) => l.length >= 2);
    expect(withHop.length).toBeGreaterThan(0);
    for (const list of withHop) expect(haversineKm(list[0]!.record, list[1]!.record)).toBeGreaterThan(2_000);
  });

  it('compromised merchant: many cards at one merchant, then used elsewhere', () => {
    const incidents = groupBy(byScenario('compromised-merchant'), (e) => e.label!.incidentId!);
    for (const list of incidents.values()) {
      const first = new Map<string, string>();
      for (const e of list) if (!first.has(e.record.cardId)) first.set(e.record.cardId, e.record.merchantId);
      expect(new Set(first.values()).size).toBe(1);
      expect(first.size).toBeGreaterThanOrEqual(8);
    }
  });

  it('account takeover: online, from a device the account does not know', () => {
    for (const e of byScenario('account-takeover')) {
      const p = world.profiles[world.holderByCard.get(e.record.cardId)!]!;
      expect(e.record.channel).toBe('e-commerce');
      expect(p.knownDevices).not.toContain(e.record.deviceId);
    }
  });
});

describe('the live demo schedule', () => {
  // 05:00 CET, the quietest hour of the day: a demo opened then must still be busy
  const NIGHT = Date.UTC(2026, 0, 5, 4, 0);

  it('starts with the two quick scenarios after firstIncidentMs, then the scenarios take turns every perHour / 6', () => {
    const starts = (seed: number) => {
      const model = fraudModel({ world, simRatePerSec: RATE, incidentsPerHour: 12, firstIncidentMs: 2_000, dailyRhythm: false });
      const sim = new Simulation(model, { seed, ratePerSec: RATE, durationMs: 6 * 60_000, startMs: NIGHT });
      const firsts = new Map<string, number>();
      while (!sim.done) {
        for (const e of sim.nextBatch(5_000)) {
          const scenario = e.label?.scenario;
          if (scenario !== undefined && !firsts.has(scenario)) firsts.set(scenario, e.record.eventTime - NIGHT);
        }
      }
      return [...firsts].sort((a, b) => a[1] - b[1]);
    };
    for (const seed of [1, 2, 3, 4, 5]) {
      const order = starts(seed);
      // an amount spike or an account takeover (flagged on their first transaction) comes first, within a simulated minute
      expect(['amount-spike', 'account-takeover'], `seed ${seed}`).toContain(order[0]![0]);
      expect(order[0]![1]).toBeGreaterThanOrEqual(2_000);
      expect(order[0]![1]).toBeLessThan(60_000);
      // every scenario has had its turn within six minutes (12 per hour each: one incident a minute, in turn)
      expect(new Set(order.map(([s]) => s)), `seed ${seed}`).toEqual(new Set(SCENARIO_NAMES));
    }
  });

  it('without the daily rhythm is as busy at night as the average; with it, a fraction', () => {
    // a simulated day (6 minutes at 240x), at 0.5 transactions per simulated second: the share of the first hour (05:00 CET)
    const firstHourShare = (dailyRhythm: boolean) => {
      const model = fraudModel({ world, simRatePerSec: RATE, incidentsPerHour: 0, dailyRhythm });
      const sim = new Simulation(model, { seed: 4, ratePerSec: 0.5 * 240, speed: 240, durationMs: 6 * 60_000, startMs: NIGHT });
      let first = 0;
      let all = 0;
      while (!sim.done) {
        for (const e of sim.nextBatch(5_000)) {
          all += 1;
          if (e.record.eventTime < NIGHT + 3_600_000) first += 1;
        }
      }
      return (first / all) * 24;
    };
    expect(firstHourShare(false)).toBeGreaterThan(0.85);
    expect(firstHourShare(false)).toBeLessThan(1.15);
    expect(firstHourShare(true)).toBeLessThan(0.2);
  });
});
