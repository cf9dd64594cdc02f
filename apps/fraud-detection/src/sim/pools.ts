/**
 * Faker pools, drawn once at start-up: faker is far too slow for the per-record hot path, so the
 * simulator picks from these arrays with its seeded generator instead.
 */
import { base, de, en, es, Faker, fr, it } from '@faker-js/faker';

export interface Pools {
  holderNames: readonly string[];
  shopNames: readonly string[];
  onlineShopNames: readonly string[];
}

/**
 * Builds the pools for a seed (same seed, same pools).
 *
 * @example
 * const pools = buildPools(42, { names: 2000, shops: 800 });
 */
export function buildPools(seed: number, size: { names: number; shops: number }): Pools {
  const locales = [fr, de, es, it, en];
  const fakers = locales.map((l) => new Faker({ locale: [l, en, base] }));
  fakers.forEach((f, i) => f.seed(seed * 31 + i));
  const holderNames: string[] = [];
  for (let i = 0; i < size.names; i++) {
    const f = fakers[i % fakers.length]!;
    holderNames.push(`${f.person.firstName()} ${f.person.lastName()}`);
  }
  const shopNames: string[] = [];
  for (let i = 0; i < size.shops; i++) shopNames.push(fakers[i % fakers.length]!.company.name());
  const onlineShopNames: string[] = [];
  const f = fakers[4]!;
  for (let i = 0; i < Math.max(20, size.shops >> 4); i++) {
    onlineShopNames.push(
      `${f.word.adjective().replace(/^./, (c) => c.toUpperCase())}${f.word.noun()}.${f.helpers.arrayElement(['com', 'shop', 'store', 'eu'])}`,
    );
  }
  return { holderNames, shopNames, onlineShopNames };
}
