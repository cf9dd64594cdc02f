import { Simulation } from '@streamlab/datagen';
import { createWorld, fraudModel } from '../src/sim/model.js';
import { transactionSchema } from '../src/domain/schemas.js';
const t0 = performance.now();
const world = createWorld({ seed: 'bank', cards: 50_000, simRatePerSec: 20 });
const t1 = performance.now();
const model = fraudModel({ world, simRatePerSec: 20, incidentsPerHour: 30 });
const sim = new Simulation(model, { seed: 42, ratePerSec: 20, durationMs: 30 * 60_000, speed: 1, startMs: Date.UTC(2026, 0, 5, 11, 30) });
let n = 0; const byScen: Record<string, number> = {}; let bad = 0;
while (!sim.done) { for (const e of sim.nextBatch(10000)) { n++; if (e.label?.scenario) byScen[e.label.scenario] = (byScen[e.label.scenario] ?? 0) + 1; if (!transactionSchema.safeParse(e.record).success) bad++; } }
console.log({ worldMs: t1 - t0, simMs: performance.now() - t1, n, bad, byScen, stats: sim.stats, mem: process.memoryUsage().rss / 1e6 });
const quiet = world.merchants.filter(m => m.usualCardsPer5Min <= 2.5).length;
console.log('merchants', world.merchants.length, 'quiet', quiet, 'maxBaseline', Math.max(...world.merchants.map(m => m.usualCardsPer5Min)));
