import { describe, expect, it } from 'vitest';
import { memoryOutput, runSimulation, Simulation } from '@streamlab/datagen';
import type { Reading } from '../domain/reading.js';
import { equipmentFailureModel } from './model.js';

async function simulate(seed: number) {
  const out = memoryOutput<Reading>();
  await runSimulation(new Simulation(equipmentFailureModel, { seed, ratePerSec: 20, durationMs: 5 * 60_000 }), out, { asap: true });
  return out.envelopes;
}

describe('equipmentFailureModel', () => {
  it('is deterministic: the same seed gives the same readings', async () => {
    const [a, b] = [await simulate(7), await simulate(7)];
    expect(a.length).toBeGreaterThan(1000);
    expect(b.map((e) => e.record)).toEqual(a.map((e) => e.record));
  });

  it('labels the spike scenario, whose readings stand far above the ordinary ones', async () => {
    const envelopes = await simulate(7);
    const spikes = envelopes.filter((e) => e.label?.scenario === 'spike');
    const ordinary = envelopes.filter((e) => !e.label?.scenario);
    expect(new Set(spikes.map((e) => e.label?.incidentId)).size).toBeGreaterThanOrEqual(4);
    expect(Math.min(...spikes.map((e) => e.record.value))).toBeGreaterThan(70);
    expect(Math.max(...ordinary.map((e) => e.record.value))).toBeLessThan(80);
  });
});
