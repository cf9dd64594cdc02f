import { describe, expect, expectTypeOf, it } from 'vitest';
import { StreamlabError } from '@streamlab/core';
import { defineModel, defineScenario, type Model, type StepContext } from './model.js';
import { Simulation } from './simulation.js';
import type { Envelope } from './envelope.js';

const base = { name: 'm', entities: 1, timeField: 'ts', createEntity: () => ({}), key: () => 'k', step: () => ({}) };
const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StreamlabError);
    return (err as StreamlabError).code;
  }
  throw new Error('expected an error');
};

describe('defineModel', () => {
  it('infers entity, record and pool types from the definition', () => {
    const m = defineModel({
      name: 'meters',
      entities: 3,
      timeField: 'ts',
      pools: ({ pool }) => ({ units: pool('units', 2, (f) => f.science.unit().symbol) }),
      createEntity: ({ index, pools }) => ({ id: `m${index}`, unit: pools.units[index % 2]!, total: 0 }),
      key: (e) => e.id,
      step: (e, ctx) => ({ id: e.id, ts: ctx.now, total: (e.total += ctx.rng.range(0, 1)), unit: e.unit }),
    });
    expectTypeOf(m).toEqualTypeOf<
      Model<{ id: string; unit: string; total: number }, { id: string; ts: number; total: number; unit: string }, { units: string[] }>
    >();
    const sim = new Simulation(m, { ratePerSec: 10, durationMs: 1_000 });
    expectTypeOf(sim.nextBatch(1)).toEqualTypeOf<Envelope<{ id: string; ts: number; total: number; unit: string }>[]>();
    const first = sim.nextBatch(1)[0]!;
    expect(sim.population.map((e) => e.unit)).toContain(first.record.unit);
  });

  it('types a scenario by its state', () => {
    const s = defineScenario<{ id: string }, { id: string; ts: number }, undefined, { boost: number }>({
      name: 'boost',
      schedule: { every: '1 hour' },
      duration: '5 minutes',
      start: () => ({ boost: 2 }),
      step: (e, incident, ctx: StepContext<undefined>) => {
        expectTypeOf(incident.state).toEqualTypeOf<{ boost: number }>();
        return { id: e.id, ts: ctx.now + incident.state.boost };
      },
    });
    expect(s.name).toBe('boost');
  });

  it('rejects a bad model with DATAGEN_BAD_MODEL naming the problem', () => {
    expect(codeOf(() => defineModel({ ...base, name: 'no spaces please' }))).toBe('DATAGEN_BAD_MODEL');
    expect(codeOf(() => defineModel({ ...base, entities: 0 }))).toBe('DATAGEN_BAD_MODEL');
    expect(codeOf(() => defineModel({ ...base, timeField: '' }))).toBe('DATAGEN_BAD_MODEL');
    const dup = { name: 'x', schedule: { every: '1 hour' }, duration: '1 minute', step: () => ({}) };
    expect(() => defineModel({ ...base, scenarios: [dup, dup] })).toThrowError(/unique/);
    expect(() => defineModel({ ...base, scenarios: [{ ...dup, duration: 'a while' }] })).toThrowError(/a while/);
    expect(() => defineModel({ ...base, scenarios: [{ ...dup, share: 1.5 }] })).toThrowError(/share must be in \[0, 1\)/);
  });
});
