import { describe, expect, it } from 'vitest';
import { Incidents } from './incidents.js';
import { defineScenario, type ScenarioDef } from './model.js';
import { Rng } from './prng.js';

const H = 3_600_000;
type Any = ScenarioDef<unknown, unknown, unknown, unknown>;
const entities = Array.from({ length: 20 }, (_, i) => ({ i, vip: i < 3 }));
const keys = entities.map((e) => `e${e.i}`);

const scenario = (over: Partial<ScenarioDef<{ i: number; vip: boolean }, unknown, unknown, unknown>>) =>
  defineScenario<{ i: number; vip: boolean }, unknown, unknown, unknown>({
    name: 'x',
    schedule: { every: '1 hour' },
    duration: '30 minutes',
    step: () => ({}),
    ...over,
  }) as Any;

function book(scenarios: Any[], enabled?: string[]) {
  return new Incidents('m', scenarios, enabled, { startMs: 0, endMs: 4 * H, population: entities.length }, new Rng(1));
}

describe('Incidents', () => {
  it('starts incidents on schedule, involves their entities while active, then releases them', () => {
    const b = book([scenario({ entities: 3 })]);
    b.advanceTo(H - 1, entities, keys, undefined);
    expect(b.take()).toEqual([]);
    b.advanceTo(H, entities, keys, undefined);
    const [first] = b.take();
    expect(first).toMatchObject({ id: 'x-1', scenario: 'x', startMs: H, endMs: H + H / 2 });
    expect(first!.keys).toHaveLength(3);
    const members = first!.keys.map((k) => keys.indexOf(k));
    expect(members.every((i) => b.of(i)?.info.id === 'x-1')).toBe(true);
    expect(entities.filter((_, i) => b.of(i) !== undefined)).toHaveLength(3);
    b.advanceTo(H + H / 2, entities, keys, undefined);
    expect(members.every((i) => b.of(i) === undefined)).toBe(true);
    expect(b.counts).toEqual({ x: 1 });
  });

  it('never puts one entity in two incidents at once, and honours eligible()', () => {
    const b = book([
      scenario({ name: 'a', entities: 5, duration: '3 hours' }),
      scenario({ name: 'b', entities: 5, duration: '3 hours', eligible: (e) => !e.vip }),
    ]);
    b.advanceTo(2 * H, entities, keys, undefined);
    const started = b.take();
    expect(started.map((i) => i.id)).toEqual(['a-1', 'b-1', 'a-2', 'b-2']);
    const all = started.flatMap((i) => i.keys);
    expect(new Set(all).size).toBe(all.length);
    for (const inc of started.filter((i) => i.scenario === 'b')) expect(inc.keys.some((k) => ['e0', 'e1', 'e2'].includes(k))).toBe(false);
  });

  it('skips an incident nobody is eligible for', () => {
    const b = book([scenario({ eligible: () => false })]);
    b.advanceTo(4 * H, entities, keys, undefined);
    expect(b.take()).toEqual([]);
    expect(b.counts).toEqual({ x: 0 });
  });

  it('claims its share of arrivals for its members while active', () => {
    const b = book([scenario({ entities: 2, share: 0.1 })]);
    expect(b.claiming).toBe(false);
    b.advanceTo(H, entities, keys, undefined);
    expect(b.claiming).toBe(true);
    const members = b.take()[0]!.keys.map((k) => keys.indexOf(k));
    expect(members).toContain(b.claim(0.01));
    expect(members).toContain(b.claim(0.09));
    expect(b.claim(0.1)).toBe(-1);
    b.closeAll();
    expect(b.claiming).toBe(false);
  });

  it('keeps world-level incidents (no entities) in the current list while active', () => {
    const b = book([scenario({ name: 'closure', entities: 0, share: 0.5 }), scenario({ name: 'x', entities: 1, duration: '2 hours' })]);
    b.advanceTo(H, entities, keys, undefined);
    const [closure, x] = b.take();
    expect(closure).toMatchObject({ id: 'closure-1', keys: [] });
    expect(x!.keys).toHaveLength(1);
    expect(b.current.map((i) => i.id)).toEqual(['closure-1', 'x-1']);
    expect(b.claiming).toBe(false); // a world-level incident claims no arrivals
    b.advanceTo(H + H / 2, entities, keys, undefined);
    expect(b.current.map((i) => i.id)).toEqual(['x-1']);
    expect(entities.filter((_, i) => b.of(i) !== undefined)).toHaveLength(1);
  });

  it('runs only enabled scenarios and names the known ones for an unknown one', () => {
    const b = book([scenario({ name: 'a' }), scenario({ name: 'b' })], ['b']);
    expect(b.counts).toEqual({ b: 0 });
    expect(() => book([scenario({ name: 'a' })], ['zzz'])).toThrowError(/no scenario "zzz".*choose from: a/);
  });
});
