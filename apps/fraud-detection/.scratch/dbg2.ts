import { Simulation } from '@streamlab/datagen';
import { fraudSimulator } from '../src/sim/defaults.js';
const { model } = fraudSimulator({ simRatePerSec: 20, cards: 50_000, incidentsPerHour: 30 });
const sim = new Simulation(model, { seed: 42, ratePerSec: 20, durationMs: 10 * 60_000, speed: 1, startMs: Date.UTC(2026, 0, 5, 11, 30) });
const envs = [];
while (!sim.done) envs.push(...sim.nextBatch(100000));
const incs = sim.takeIncidents().filter(i => i.scenario === 'amount-spike').slice(0, 2);
for (const inc of incs) {
  console.log(inc);
  for (const e of envs) if (e.key === inc.keys[0]) console.log(new Date(e.eventTimeMs).toISOString(), e.record.txId, e.record.amount, e.record.channel, e.label);
}
