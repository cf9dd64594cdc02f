/**
 * Defaults of the fraud simulator shared by `simulate`, `serve` and `evaluate`: the bank's world is
 * a fixed data set (its own seed), the stream's seed varies per run.
 */
import { createWorld, fraudModel, type FraudModelOptions } from './model.js';
import type { World } from './world.js';
import type { Model } from '@streamlab/datagen';
import type { Holder } from './holders.js';
import type { Transaction } from '../domain/schemas.js';

/** Seed of the bank's world (cards, merchants, habits): the static tables. */
export const WORLD_SEED = 'streamlab-bank';
/** Cards in the default world. */
export const DEFAULT_CARDS = 200_000;

/**
 * The world and model for a simulated rate (transactions per simulated second).
 *
 * @example
 * const { world, model } = fraudSimulator({ simRatePerSec: 20 });
 */
export function fraudSimulator(o: Omit<FraudModelOptions, 'world'> & { cards?: number }): {
  world: World;
  model: Model<Holder, Transaction, World>;
} {
  const { cards, ...model } = o;
  const world = createWorld({ seed: WORLD_SEED, cards: cards ?? DEFAULT_CARDS, simRatePerSec: o.simRatePerSec });
  return { world, model: fraudModel({ ...model, world }) };
}
