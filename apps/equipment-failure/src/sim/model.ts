/**
 * The simulator: a population of sources on `@streamlab/datagen`, each reading around its own
 * baseline, plus one labelled scenario (`./scenarios.ts`). Seeded: the same seed and options give
 * the same records. YOUR WORLD GOES HERE: entities with state, a `step` that makes one record,
 * pools built once with faker in `pools` (never in `step`: it is the hot path).
 */
import { defineModel, type Model } from '@streamlab/datagen';
import type { Reading } from '../domain/reading.js';
import { spike } from './scenarios.js';
import { reading, type Source } from './source.js';

/** The simulator's name: also the default Kafka topic of its readings. */
export const READINGS_TOPIC = 'equipment-failure.readings';

/**
 * The model (`--entities` overrides the population of 50).
 *
 * @example
 * const sim = new Simulation(equipmentFailureModel, { seed: 42, ratePerSec: 20, durationMs: 60_000 });
 */
export const equipmentFailureModel: Model<Source, Reading> = defineModel<Source, Reading>({
  name: READINGS_TOPIC,
  description: 'Equipment failure: readings of 50 sources, with labelled spikes',
  entities: 50,
  timeField: 'eventTime',
  createEntity: ({ index, rng }) => ({ sourceId: `source-${String(index).padStart(3, '0')}`, baseline: rng.range(40, 60) }),
  key: (s) => s.sourceId,
  step: (s, ctx) => reading(s, s.baseline + ctx.rng.normal(0, 4), ctx),
  scenarios: [spike],
  recordId: (r) => r.readingId,
});
