/**
 * Datagen throughput, as fast as possible, one core: the payments example (pools, weighted
 * picking, daily/weekly rhythm, scenarios, envelopes) against a baseline in the same run: a plain
 * loop producing equivalent payment objects with the same PRNG, no model, no runtime.
 *
 * Prints one JSON line per workload: { workload, records, recordsPerSec, baselineRecordsPerSec, ratio, peakRssMb }.
 * `payments-ndjson` is the whole CLI path minus the disk: runner, JSON text, NDJSON output to /dev/null.
 *
 * Each figure is the best of 3 runs, interleaved with the baseline's (the machine is shared).
 * BENCH_EVENTS scales the record count (default 1,000,000).
 */
import { createPaymentsModel } from '../examples/payments/model.js';
import { ndjsonOutput } from '../outputs/ndjson.js';
import { runSimulation } from '../run.js';
import type { SimulationInput } from '../options.js';
import { Rng } from '../prng.js';
import { Simulation } from '../simulation.js';

const N = Number(process.env['BENCH_EVENTS'] ?? 1_000_000);

/** Runs the simulation to the end; returns records emitted and seconds spent generating. */
function simulate(records: number, extra: SimulationInput = {}): { records: number; seconds: number } {
  // One simulated day per minute of run time, so the rhythm and the scenarios all play a part.
  const sim = new Simulation(createPaymentsModel(), { seed: 42, ratePerSec: records / 60, durationMs: 60_000, speed: 1_440, ...extra });
  const t0 = process.hrtime.bigint();
  let n = 0;
  let sink = 0;
  while (!sim.done) {
    const batch = sim.nextBatch(4096);
    n += batch.length;
    sink += batch.length ? batch[batch.length - 1]!.eventTimeMs & 1 : 0;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (sink < 0) throw new Error('unreachable');
  return { records: n, seconds };
}

/** The baseline: equivalent objects from the same PRNG and same-size arrays, in a bare loop. */
function baseline(records: number): { records: number; seconds: number } {
  const rng = new Rng(42);
  const merchants = Array.from({ length: 600 }, (_, i) => ({
    id: `m-${i}`,
    name: `Merchant ${i}`,
    mcc: '5411',
    city: `City ${i % 60}`,
    country: 'FR',
    lat: 48.85,
    lon: 2.35,
    median: 30,
  }));
  const cards = Array.from({ length: 5_000 }, (_, i) => ({ id: `card-${i}`, usual: [merchants[i % 600]!, merchants[(i * 7) % 600]!], count: 0 }));
  // Records are kept in a batch array, as the simulation's batches keep them (so they are allocated).
  const batch: unknown[] = new Array(4096);
  const t0 = process.hrtime.bigint();
  let t = Date.UTC(2026, 0, 5);
  let sink = 0;
  for (let i = 0; i < records; i++) {
    t += rng.exponential(0.5);
    const card = cards[rng.int(cards.length)]!;
    const m = rng.chance(0.85) ? rng.pick(card.usual) : rng.pick(merchants);
    card.count++;
    const rec = {
      txId: `tx-${i}`,
      eventTime: Math.floor(t),
      cardId: card.id,
      merchantId: m.id,
      merchant: m.name,
      mcc: m.mcc,
      amount: Math.round(rng.logNormal(m.median, 0.6) * 100) / 100,
      currency: 'EUR',
      channel: 'card-present',
      city: m.city,
      country: m.country,
      lat: m.lat,
      lon: m.lon,
    };
    batch[i & 4095] = rec;
    sink += rec.amount > 0 ? 1 : 0;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (sink < 0) throw new Error('unreachable');
  return { records, seconds };
}

function report(workload: string, run: { records: number; seconds: number }, base: { records: number; seconds: number }): void {
  const recordsPerSec = Math.round(run.records / run.seconds);
  const baselineRecordsPerSec = Math.round(base.records / base.seconds);
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(
    `${JSON.stringify({ workload, records: run.records, recordsPerSec, baselineRecordsPerSec, ratio: Math.round((recordsPerSec / baselineRecordsPerSec) * 1000) / 1000, peakRssMb })}\n`,
  );
}

/** Best of `rounds` interleaved runs of the workload and the baseline (the machine is shared). */
async function measure(
  workload: string,
  run: () => Promise<{ records: number; seconds: number }> | { records: number; seconds: number },
  rounds = 3,
): Promise<void> {
  let best = { records: 0, seconds: Number.POSITIVE_INFINITY };
  let bestBase = { records: 0, seconds: Number.POSITIVE_INFINITY };
  for (let i = 0; i < rounds; i++) {
    const b = baseline(N);
    if (b.records / b.seconds > bestBase.records / bestBase.seconds) bestBase = b;
    const r = await run();
    if (r.records / r.seconds > best.records / best.seconds) best = r;
  }
  report(workload, best, bestBase);
}

// Warm up the JIT on both paths.
simulate(Math.min(N, 200_000));
baseline(Math.min(N, 200_000));

await measure('payments-asap', () => simulate(N));
await measure('payments-asap-disorder', () => simulate(N, { disorder: { outOfOrder: 0.05, late: 0.02, duplicates: 0.01, malformed: 0.01 } }));
await measure('payments-ndjson', async () => {
  const sim = new Simulation(createPaymentsModel(), { seed: 42, ratePerSec: N / 60, durationMs: 60_000, speed: 1_440, disorder: { late: 0.02 } });
  const t0 = process.hrtime.bigint();
  const summary = await runSimulation(sim, ndjsonOutput({ path: '/dev/null', labelsPath: '/dev/null' }), { asap: true });
  return { records: summary.stats.emitted, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
});
