import { Faker } from '@faker-js/faker';
import { describe, expect, it, vi } from 'vitest';
import { seededFaker } from './faker.js';
import { StreamlabError } from '@streamlab/core';
import { defineModel, type PickStrategy } from './model.js';
import { Population } from './population.js';
import { hashSeed, Rng } from './prng.js';

interface Sensor {
  id: string;
  name: string;
  weight: number;
}

const sensors = (pick?: PickStrategy<Sensor>) =>
  defineModel<Sensor, { id: string; ts: number }, { sites: string[] }>({
    name: 'sensors',
    entities: 10,
    timeField: 'ts',
    ...(pick ? { pick } : {}),
    pools: ({ pool }) => ({ sites: pool('sites', 5, (f) => f.location.city()) }),
    createEntity: ({ index, faker }) => ({ id: `s${index}`, name: faker.person.firstName(), weight: index + 1 }),
    key: (s) => s.id,
    step: (s, { now }) => ({ id: s.id, ts: now }),
  });

describe('Population', () => {
  it('builds pools and entities with faker seeded per pool and per entity', () => {
    const small = new Population(sensors(), new Rng(1), 10, 0);
    const big = new Population(sensors(), new Rng(1), 1_000, 0);
    expect(big.entities.slice(0, 10)).toEqual(small.entities);
    expect(big.pools).toEqual(small.pools);
    expect(small.keys).toEqual(small.entities.map((s) => s.id));
    const other = new Population(sensors(), new Rng(2), 10, 0);
    expect(other.entities.map((s) => s.name)).not.toEqual(small.entities.map((s) => s.name));
    expect(other.pools.sites).not.toEqual(small.pools.sites);
  });

  it("seeds an entity's faker and generator only when its createEntity asks, with what seeding them all up front gave", () => {
    const root = new Rng(5);
    // every third entity draws a name from faker twice and a number from its generator; the others use neither
    const model = defineModel<{ id: string; names?: string[]; n?: number }, { id: string; ts: number }>({
      name: 'sparse',
      entities: 30,
      timeField: 'ts',
      createEntity: (ctx) =>
        ctx.index % 3 === 0
          ? { id: `e${ctx.index}`, names: [ctx.faker.person.firstName(), ctx.faker.person.lastName()], n: ctx.rng.next() }
          : { id: `e${ctx.index}` },
      key: (e) => e.id,
      step: (e, { now }) => ({ id: e.id, ts: now }),
    });
    const seeds = vi.spyOn(Faker.prototype, 'seed');
    const pop = new Population(model, root, 30, 0);
    const perEntity = seeds.mock.calls.length - 2; // the setup faker and the entities' faker, once each as they are made
    seeds.mockRestore();
    expect(perEntity).toBe(10);
    for (let i = 0; i < 30; i += 3) {
      const f = seededFaker(hashSeed(root.seed, 'entity', i));
      expect(pop.entities[i]).toEqual({ id: `e${i}`, names: [f.person.firstName(), f.person.lastName()], n: root.fork('entity', i).next() });
    }
  });

  it('picks uniformly, round-robin, or by weight', () => {
    const counts = (pop: Population<Sensor, unknown>, n: number) => {
      const c = new Array(pop.size).fill(0);
      const rng = new Rng(3);
      for (let i = 0; i < n; i++) c[pop.pick(rng)]++;
      return c as number[];
    };
    const uniform = counts(new Population(sensors(), new Rng(1), 10, 0), 100_000);
    for (const c of uniform) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    const rr = new Population(sensors('round-robin'), new Rng(1), 10, 0);
    const cycle = Array.from({ length: 10 }, () => rr.pick(new Rng(0)));
    expect([...cycle].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from({ length: 10 }, () => rr.pick(new Rng(0)))).toEqual(cycle);
    const weighted = counts(new Population(sensors({ weight: (s) => s.weight }), new Rng(1), 10, 0), 110_000);
    // weights 1..10 sum to 55: entity i gets (i + 1) / 55 of the picks
    weighted.forEach((c, i) => expect(Math.abs(c - ((i + 1) / 55) * 110_000)).toBeLessThan(600));
  });

  it('rejects weights it cannot use', () => {
    expect(() => new Population(sensors({ weight: () => Number.NaN }), new Rng(1), 10, 0)).toThrowError(StreamlabError);
    expect(() => new Population(sensors({ weight: () => 0 }), new Rng(1), 10, 0)).toThrowError(/all entity weights are 0/);
  });
});
