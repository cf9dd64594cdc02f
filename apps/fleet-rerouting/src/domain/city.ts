/**
 * The simulated city: the road network of `network.ts` with street names from faker, seeded by the
 * same seed (so the simulator and the pipelines, each building it, agree on every segment).
 * Node-side only (faker is too heavy for the dashboard, which draws `buildNetwork`'s geometry).
 */
import { base, en, Faker } from '@faker-js/faker';
import { buildNetwork, NETWORK_DEFAULTS, type NetworkOptions, type RoadNetwork } from './network.js';

const cache = new Map<number, RoadNetwork>();

/**
 * The named network for `seed` (built once per seed and process: it is immutable).
 *
 * @example
 * cityNetwork(1).segments[3].name; // e.g. 'Schiller Street'
 */
export function cityNetwork(seed: number, options: Partial<NetworkOptions> = {}): RoadNetwork {
  const custom = Object.keys(options).length > 0;
  const hit = custom ? undefined : cache.get(seed);
  if (hit) return hit;
  const o = { ...NETWORK_DEFAULTS, ...options };
  const faker = new Faker({ locale: [en, base] });
  faker.seed(seed);
  const names = {
    rows: Array.from({ length: o.rows }, () => faker.location.street()),
    cols: Array.from({ length: o.cols }, () => faker.location.street()),
    ring: `${faker.person.lastName()} Ring`,
  };
  const net = buildNetwork(seed, o, names);
  if (!custom) cache.set(seed, net);
  return net;
}
