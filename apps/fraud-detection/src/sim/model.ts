/**
 * The fraud-detection simulator: the bank's world, its holders' ordinary spending and the six
 * labelled fraud scenarios, as a `@streamlab/datagen` model.
 */
import { defineModel, diurnal, Rng, type Model, type Seed } from '@streamlab/datagen';
import { StreamlabError } from '@streamlab/core';
import type { Transaction } from '../domain/schemas.js';
import { ordinaryTransaction } from './behaviour.js';
import type { Holder } from './holders.js';
import { fraudScenarios } from './scenarios.js';
import { buildWorld, type World } from './world.js';

/** The simulator's name: also the default topic of its transactions. */
export const TRANSACTIONS_TOPIC = 'fraud.transactions';

/** Card spending by local hour (CET): quiet nights, a lunch peak, a bigger evening peak. */
export const SPENDING_BY_HOUR = [0.15, 0.08, 0.05, 0.05, 0.06, 0.12, 0.3, 0.6, 0.9, 1.0, 1.1, 1.3, 1.7, 1.5, 1.2, 1.1, 1.2, 1.4, 1.7, 1.8, 1.5, 1.1, 0.7, 0.35];

export interface FraudModelOptions {
  world: World;
  /** Simulated transactions per second at average activity (paces the scenarios). */
  simRatePerSec: number;
  /** Incidents per simulated hour, per scenario (default 12). */
  incidentsPerHour?: number;
  /** Scenarios take turns, the first this many simulated ms after the start (see `ScenarioOptions`); default random starts. */
  firstIncidentMs?: number;
  /**
   * Spending follows the day (quiet nights, evening peak; the default), or stays at the average
   * rate around the clock (`false`: a live demo is as busy at 5 am as at noon).
   */
  dailyRhythm?: boolean;
}

/**
 * Builds the world the simulator and the pipelines share.
 *
 * @example
 * const world = createWorld({ seed: 'bank', cards: 20_000, simRatePerSec: 20 });
 */
export function createWorld(o: { seed: Seed; cards: number; simRatePerSec: number }): World {
  return buildWorld({ cards: o.cards, simRatePerSec: o.simRatePerSec }, new Rng(o.seed).fork('world'));
}

/**
 * The simulator model over a world.
 *
 * @example
 * const model = fraudModel({ world, simRatePerSec: 20 });
 * const sim = new Simulation(model, { seed: 42, ratePerSec: 20, durationMs: 60_000 });
 */
export function fraudModel(o: FraudModelOptions): Model<Holder, Transaction, World> {
  const { world } = o;
  return defineModel<Holder, Transaction, World>({
    name: TRANSACTIONS_TOPIC,
    description: 'card transactions of a European retail bank, with labelled fraud',
    entities: world.holders.length,
    timeField: 'eventTime',
    pools: () => world,
    createEntity: ({ index, pools }) => {
      const h = pools.holders[index];
      if (!h) {
        throw new StreamlabError('FRAUD_TOO_MANY_ENTITIES', `the world has ${pools.holders.length} cards, entity ${index} was asked for`, {
          value: index,
          hint: `pass --entities ${pools.holders.length} or fewer, or build a bigger world`,
        });
      }
      return h;
    },
    key: (h) => h.cardId,
    step: (h, ctx) => ordinaryTransaction(ctx.pools, h, ctx.now, ctx.rng, ctx.seq),
    ...(o.dailyRhythm === false ? {} : { intensity: diurnal(SPENDING_BY_HOUR, 60) }),
    pick: { weight: (h) => h.activity },
    scenarios: fraudScenarios({
      simRatePerSec: o.simRatePerSec,
      perHour: o.incidentsPerHour ?? 12,
      ...(o.firstIncidentMs === undefined ? {} : { firstIncidentMs: o.firstIncidentMs }),
    }),
    recordId: (tx) => tx.txId,
  });
}
