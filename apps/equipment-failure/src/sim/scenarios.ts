/**
 * The labelled scenario: what the pipelines should catch. While an incident is on, the records of
 * the sources it involves come from its `step` and carry the label `{ scenario, incidentId }` in
 * the side channel (the pipelines never read it; an evaluation scores them against it).
 * YOUR SCENARIOS GO HERE: one `defineScenario` each, with a stable name.
 */
import { defineScenario } from '@streamlab/datagen';
import type { Reading } from '../domain/reading.js';
import { reading, type Source } from './source.js';

/** One source reads far above its baseline for 30 s, once a simulated minute from the 3rd second (so `simulate --duration 10s` shows one). */
export const spike = defineScenario<Source, Reading, undefined, { rise: number }>({
  name: 'spike',
  schedule: { every: '1 minute', offset: '3 seconds' },
  duration: '30 seconds',
  entities: 1,
  // the involved source sends 10% of all readings while the incident is on
  share: 0.1,
  start: ({ rng }) => ({ rise: rng.range(40, 50) }),
  step: (s, incident, ctx) => reading(s, s.baseline + incident.state.rise + ctx.rng.normal(0, 2), ctx),
});
