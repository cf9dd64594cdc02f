/**
 * The README's model example must run: it is extracted, written beside the package (in the
 * git-ignored `.cache/`), imported and simulated.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Model } from './model.js';
import { Simulation } from './simulation.js';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');

interface Reading {
  machineId: string;
  ts: number;
  vibration: number;
}

describe('README', () => {
  it('defines a model that runs, with its scenario labelled', async () => {
    const readme = readFileSync(join(pkg, 'README.md'), 'utf8');
    const code = /## Defining a model[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code).toBeDefined();
    const file = join(pkg, '.cache', 'readme-example.ts');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, code!);
    const mod = (await import(file)) as { machines: Model<unknown, Reading, unknown> };
    const sim = new Simulation(mod.machines, { seed: 1, ratePerSec: 200, durationMs: 600_000, speed: 60 });
    const out: { label?: { scenario?: string }; record: Reading; eventTimeMs: number }[] = [];
    while (!sim.done) out.push(...sim.nextBatch(4096));
    expect(sim.stats.incidents).toEqual({ 'bearing-wear': 1 }); // every 6 hours in 10 hours
    const worn = out.filter((e) => e.label?.scenario === 'bearing-wear');
    expect(worn.length).toBeGreaterThan(100);
    // Vibration climbs during the incident.
    const early = worn.slice(0, 10).reduce((a, e) => a + e.record.vibration, 0) / 10;
    const late = worn.slice(-10).reduce((a, e) => a + e.record.vibration, 0) / 10;
    expect(late).toBeGreaterThan(early + 0.5);
  });
});
