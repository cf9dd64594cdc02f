/**
 * The world is a fixed data set: its seeded output must not change when its build gets faster.
 * The digest below was taken from the world as built before the fast path (commit 31e2506: the
 * engine's sort-based median, one array per history, profiles built eagerly).
 */
import { createHash } from 'node:crypto';
import { median } from '@streamlab/core';
import { Rng, Simulation } from '@streamlab/datagen';
import { describe, expect, it } from 'vitest';
import { medianInPlace } from './holders.js';
import { WORLD_SEED } from './defaults.js';
import { createWorld, fraudModel } from './model.js';
import type { World } from './world.js';

function digest(w: World): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(w.profiles));
  h.update(JSON.stringify(w.merchantTable));
  h.update(JSON.stringify(w.holders));
  h.update(JSON.stringify(w.merchants));
  h.update(JSON.stringify([...w.shopsByCity, ...w.atmsByCity, w.onlineMerchants]));
  return h.digest('hex');
}

describe('the bank world', () => {
  it('is the same data set as before the fast build (2,000 cards of the default world seed)', () => {
    const w = createWorld({ seed: WORLD_SEED, cards: 2_000, simRatePerSec: 40 });
    expect(digest(w)).toBe('9290af6657b71b3f585cfd05222a6b6052c153018afcc81859801491459d3f17');
  });

  it('builds its profiles on first read, the same whether read before or after a simulation ran on it', () => {
    const early = createWorld({ seed: 'lazy', cards: 500, simRatePerSec: 20 });
    const late = createWorld({ seed: 'lazy', cards: 500, simRatePerSec: 20 });
    const profiles = JSON.stringify(early.profiles);
    const sim = new Simulation(fraudModel({ world: late, simRatePerSec: 20, incidentsPerHour: 30 }), { seed: 3, ratePerSec: 20, durationMs: 120_000 });
    while (!sim.done) sim.nextBatch(1_000);
    expect(JSON.stringify(late.profiles)).toBe(profiles);
    expect(late.profiles).toBe(late.profiles); // built once
  });

  it("medianInPlace is the engine's median, for odd and even sizes, ties and negatives", () => {
    const rng = new Rng('median');
    for (let n = 1; n <= 80; n++) {
      for (let round = 0; round < 20; round++) {
        const values = Array.from({ length: n }, () => (rng.chance(0.3) ? rng.int(5) - 2 : rng.normal(0, 3)));
        expect(medianInPlace(Float64Array.from(values))).toBe(median(values));
      }
    }
  });
});
