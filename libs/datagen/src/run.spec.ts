import { describe, expect, it } from 'vitest';
import { ManualClock } from '@streamlab/core/testing';
import { driveClock } from './drive-clock.js';
import { createPaymentsModel, type Payment } from './examples/payments/model.js';
import { memoryOutput } from './outputs/memory.js';
import { iterateSimulation, runSimulation, simulationBatches } from './run.js';
import { Simulation } from './simulation.js';

const model = createPaymentsModel({ rhythm: false });

describe('runSimulation', () => {
  it('paces emission by event time on the injected clock: nothing is emitted before it is due', async () => {
    const clock = new ManualClock(1_000_000);
    const sim = new Simulation(model, { seed: 1, ratePerSec: 1_000, durationMs: 5_000, speed: 60 });
    const out = memoryOutput<Payment>();
    const seen: number[] = [];
    const summary = await driveClock(clock, runSimulation(sim, out, { clock, tickMs: 100 }), 100, (now) => {
      // Everything emitted so far was due at or before this wall time.
      const dueBy = sim.startMs + (now - 1_000_000) * 60;
      expect(out.envelopes.every((e) => e.emitMs <= dueBy)).toBe(true);
      seen.push(out.envelopes.length);
    });
    expect(seen.length).toBe(50);
    // ~100 records per 100 ms of wall time, steadily (not all at the start or end).
    const perTick = seen.slice(2).map((n, i) => n - seen[i + 1]!);
    expect(Math.min(...perTick)).toBeGreaterThan(50);
    expect(Math.max(...perTick)).toBeLessThan(160);
    expect(summary.elapsedMs).toBe(5_000);
    expect(summary.recordsPerSec).toBeGreaterThan(900);
    expect(summary.recordsPerSec).toBeLessThan(1_100);
    expect(out.closed).toBe(true);
  });

  it('emits the same records paced and as fast as possible', async () => {
    const opts = { seed: 4, ratePerSec: 500, durationMs: 2_000, speed: 3_600, disorder: { late: 0.05, outOfOrder: 0.05 } };
    const fast = memoryOutput<Payment>();
    await runSimulation(new Simulation(model, opts), fast, { asap: true });
    const clock = new ManualClock(0);
    const paced = memoryOutput<Payment>();
    await driveClock(clock, runSimulation(new Simulation(model, opts), paced, { clock, tickMs: 50 }), 50);
    expect(paced.batches).toBeGreaterThan(20);
    expect(JSON.stringify(paced.envelopes)).toBe(JSON.stringify(fast.envelopes));
    expect(paced.incidents).toEqual(fast.incidents);
  });

  it('stops early on abort and reports it', async () => {
    const clock = new ManualClock(0);
    const stop = new AbortController();
    const out = memoryOutput<Payment>();
    const run = runSimulation(new Simulation(model, { seed: 1, ratePerSec: 100, durationMs: 60_000 }), out, { clock, signal: stop.signal });
    const summary = await driveClock(clock, run, 100, (now) => {
      if (now >= 1_000) stop.abort();
    });
    expect(summary.aborted).toBe(true);
    expect(out.envelopes.length).toBeGreaterThan(50);
    expect(out.envelopes.length).toBeLessThan(200);
    expect(out.closed).toBe(true);
  });
});

describe('iterators', () => {
  it('iterateSimulation yields every envelope; simulationBatches bounds the batch size', async () => {
    const opts = { seed: 2, ratePerSec: 5_000, durationMs: 2_000 };
    let n = 0;
    for await (const env of iterateSimulation(new Simulation(model, opts), { asap: true })) {
      expect(env.key).toBe((env.record as { cardId: string }).cardId);
      n++;
    }
    const sim = new Simulation(model, opts);
    let m = 0;
    for await (const batch of simulationBatches(sim, { asap: true, batchSize: 256 })) {
      expect(batch.envelopes.length).toBeLessThanOrEqual(256);
      m += batch.envelopes.length;
    }
    expect(n).toBe(m);
    expect(n).toBe(sim.stats.emitted);
    expect(Math.abs(n - 10_000)).toBeLessThan(500);
  });
});
