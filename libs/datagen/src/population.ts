/**
 * A model's population: pools built once with faker, entities created with faker and a generator
 * seeded per entity (entity i is the same whatever the population size), their keys, and the
 * strategy that spreads arrivals over them.
 */
import { StreamlabError } from '@streamlab/core';
import { seededFaker } from './faker.js';
import type { Faker } from '@faker-js/faker';
import type { EntityContext, Model, SetupContext } from './model.js';
import { hashSeed, type Rng } from './prng.js';

/**
 * The entities of one simulation run.
 *
 * @example
 * const pop = new Population(model, new Rng(42), 1_000, startMs);
 * const i = pop.pick(rng); // an entity index, per the model's pick strategy
 */
export class Population<E, P> {
  readonly entities: E[];
  readonly keys: string[];
  readonly pools: P;
  private readonly order: Uint32Array | undefined;
  private readonly cumulative: Float64Array | undefined;
  private cursor = 0;

  constructor(model: Model<E, unknown, P>, root: Rng, count: number, startMs: number) {
    const setup: SetupContext = {
      faker: seededFaker(hashSeed(root.seed, 'setup'), model.locale),
      rng: root.fork('setup'),
      startMs,
      entityCount: count,
      pool: (name, size, make) => {
        const f = seededFaker(hashSeed(root.seed, 'pool', name), model.locale);
        const r = root.fork('pool', name);
        const out = new Array(size);
        for (let i = 0; i < size; i++) out[i] = make(f, i, r);
        return out;
      },
    };
    this.pools = (model.pools ? model.pools(setup) : undefined) as P;

    // One faker, reseeded per entity, and the entity's generator, both made when the entity's
    // createEntity first asks for them: seeding faker costs ~40 µs (8 s for 200,000 entities)
    // and a model whose entities come from its pools never asks. Seeded on first use, before
    // anything else draws from them, they give what seeding every entity up front gave.
    let faker: Faker | undefined;
    let fakerFor = -1;
    const fakerOf = (i: number): Faker => {
      faker ??= seededFaker(0, model.locale);
      if (fakerFor !== i) {
        faker.seed(hashSeed(root.seed, 'entity', i));
        fakerFor = i;
      }
      return faker;
    };
    this.entities = new Array(count);
    this.keys = new Array(count);
    const pools = this.pools;
    for (let i = 0; i < count; i++) {
      let rng: Rng | undefined;
      const ctx: EntityContext<P> = {
        get faker() {
          return fakerOf(i);
        },
        get rng() {
          rng ??= root.fork('entity', i);
          return rng;
        },
        pools,
        index: i,
        startMs,
      };
      const e = model.createEntity(ctx);
      this.entities[i] = e;
      this.keys[i] = model.key(e);
    }

    const pick = model.pick ?? 'uniform';
    if (pick === 'round-robin') {
      this.order = new Uint32Array(count);
      for (let i = 0; i < count; i++) this.order[i] = i;
      const shuffle = root.fork('round-robin');
      for (let i = count - 1; i > 0; i--) {
        const j = shuffle.int(i + 1);
        const t = this.order[i]!;
        this.order[i] = this.order[j]!;
        this.order[j] = t;
      }
    } else if (typeof pick === 'object') {
      this.cumulative = new Float64Array(count);
      let sum = 0;
      for (let i = 0; i < count; i++) {
        const w = pick.weight(this.entities[i]!);
        if (!(w >= 0) || !Number.isFinite(w)) {
          throw new StreamlabError('DATAGEN_BAD_WEIGHT', `model "${model.name}": weight of entity ${this.keys[i]} is ${w}`, {
            value: w,
            hint: 'pick.weight must return a finite, non-negative number',
          });
        }
        sum += w;
        this.cumulative[i] = sum;
      }
      if (!(sum > 0)) {
        throw new StreamlabError('DATAGEN_BAD_WEIGHT', `model "${model.name}": all entity weights are 0`, {
          value: sum,
          hint: 'give some entity a positive weight',
        });
      }
    }
  }

  get size(): number {
    return this.entities.length;
  }

  /** The index of the entity the next arrival belongs to. */
  pick(rng: Rng): number {
    const n = this.entities.length;
    if (this.order) {
      const i = this.order[this.cursor]!;
      this.cursor = this.cursor + 1 === n ? 0 : this.cursor + 1;
      return i;
    }
    if (this.cumulative) {
      const x = rng.next() * this.cumulative[n - 1]!;
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.cumulative[mid]! > x) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    }
    return rng.int(n);
  }
}
