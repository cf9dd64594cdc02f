/**
 * Seeded faker instances. Faker is for start-up (pools, entity attributes); it is far too slow for
 * the per-record hot path, where models pick from pools with the runtime's `Rng`.
 */
import { base, en, Faker, type LocaleDefinition } from '@faker-js/faker';
import { hashSeed, type Seed } from './prng.js';

/**
 * A new faker with its own seed (instances do not share state, so one model cannot disturb
 * another's sequence).
 *
 * @example
 * const f = seededFaker(hashSeed(42, 'merchants'));
 * f.company.name(); // the same name on every run
 */
export function seededFaker(seed: Seed, locale: LocaleDefinition[] = [en, base]): Faker {
  const faker = new Faker({ locale });
  faker.seed(typeof seed === 'number' ? seed : hashSeed(seed));
  return faker;
}
