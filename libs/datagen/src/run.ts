/**
 * Runners: pace a `Simulation` against a clock (real time, `speed` x faster, or as fast as
 * possible) and hand its batches to an output or an async iterator. The clock is injected, so a
 * test of a paced run drives `@streamlab/core/testing`'s `ManualClock` and never sleeps.
 */
import { SystemClock, type Clock, type Logger } from '@streamlab/core';
import { pino } from 'pino';
import type { Envelope, IncidentInfo } from './envelope.js';
import type { SimBatch, SimOutput } from './outputs/output.js';
import type { Simulation, SimulationStats } from './simulation.js';

/** How to run a simulation. */
export interface RunOptions {
  /** Wall clock for pacing (default: the system clock). */
  clock?: Clock;
  /** Emit as fast as possible instead of pacing by event time (same records either way). */
  asap?: boolean;
  /** Most envelopes per batch (default 4096). */
  batchSize?: number;
  /** When paced and caught up, wait at least this long between batches (default 20 ms). */
  tickMs?: number;
  /** Stops the run early (what was emitted stays emitted). */
  signal?: AbortSignal;
  /** Called after each batch was written. */
  onProgress?: (progress: RunProgress) => void;
  logger?: Logger;
}

/** Where a run is. */
export interface RunProgress {
  stats: SimulationStats;
  /** Simulated time reached (epoch ms). */
  simulatedMs: number;
  /** Fraction of the simulated span done, 0..1. */
  fraction: number;
  /** Wall time since the start. */
  elapsedMs: number;
}

/** What a finished run did. */
export interface RunSummary {
  model: string;
  output: string;
  stats: SimulationStats;
  /** Target and achieved rate (records per second of wall time, from the start to the last write). */
  targetRatePerSec: number;
  recordsPerSec: number;
  elapsedMs: number;
  startMs: number;
  endMs: number;
  speed: number;
  asap: boolean;
  incidents: IncidentInfo[];
  aborted: boolean;
}

const silent: Logger = pino({ level: 'silent' });

/**
 * The simulation as an async sequence of batches, paced by `clock` unless `asap`.
 *
 * @example
 * for await (const batch of simulationBatches(sim, { asap: true })) send(batch.envelopes);
 */
export async function* simulationBatches<E, R, P>(sim: Simulation<E, R, P>, opts: RunOptions = {}): AsyncGenerator<SimBatch<R>> {
  const clock = opts.clock ?? new SystemClock();
  const asap = opts.asap ?? false;
  const batchSize = opts.batchSize ?? 4096;
  const tickMs = opts.tickMs ?? 20;
  const speed = sim.options.speed;
  const wallStart = clock.now();
  const recordId = (env: Envelope<R>) => sim.recordId(env);
  for (;;) {
    const until = asap ? Number.POSITIVE_INFINITY : sim.startMs + (clock.now() - wallStart) * speed;
    const envelopes = sim.nextBatch(batchSize, until);
    const incidents = sim.takeIncidents();
    if (envelopes.length || incidents.length) yield { envelopes, incidents, recordId };
    if (sim.done || opts.signal?.aborted) return;
    if (!asap && envelopes.length < batchSize) {
      const due = Math.ceil(wallStart + (sim.nextEventMs - sim.startMs) / speed);
      await clock.sleepUntil(Math.max(due, clock.now() + tickMs), opts.signal);
    }
  }
}

/**
 * Every envelope of the simulation, paced like `simulationBatches`.
 *
 * @example
 * for await (const env of iterateSimulation(new Simulation(model, { seed: 1 }), { asap: true })) {
 *   if (env.label?.scenario) positives++;
 * }
 */
export async function* iterateSimulation<E, R, P>(sim: Simulation<E, R, P>, opts: RunOptions = {}): AsyncGenerator<Envelope<R>> {
  for await (const batch of simulationBatches(sim, opts)) yield* batch.envelopes;
}

/**
 * Runs a simulation to the end (or until `signal` aborts), writing every batch to `output`, and
 * closes the output.
 *
 * @example
 * const summary = await runSimulation(new Simulation(model, { seed: 42 }), ndjsonOutput({ path: 'tx.ndjson' }), { asap: true });
 * summary.recordsPerSec;
 */
export async function runSimulation<E, R, P>(sim: Simulation<E, R, P>, output: SimOutput<R>, opts: RunOptions = {}): Promise<RunSummary> {
  const clock = opts.clock ?? new SystemClock();
  const logger = (opts.logger ?? silent).child({ lib: 'datagen', model: sim.modelName });
  const started = clock.now();
  const span = sim.endMs - sim.startMs;
  const incidents: IncidentInfo[] = [];
  logger.info({ output: output.description, options: sim.options }, 'simulation started');
  let lastSim = sim.startMs;
  let finished = started;
  try {
    for await (const batch of simulationBatches(sim, opts)) {
      await output.write(batch);
      for (const inc of batch.incidents) incidents.push(inc);
      const last = batch.envelopes[batch.envelopes.length - 1];
      if (last) lastSim = Math.max(lastSim, last.emitMs);
      opts.onProgress?.({
        stats: sim.stats,
        simulatedMs: sim.done ? sim.endMs : lastSim,
        fraction: sim.done ? 1 : span > 0 ? (lastSim - sim.startMs) / span : 1,
        elapsedMs: clock.now() - started,
      });
    }
    finished = clock.now();
  } finally {
    // Closing (flushing, disconnecting) is not part of the run's time.
    await output.close?.();
  }
  const elapsedMs = finished - started;
  const summary: RunSummary = {
    model: sim.modelName,
    output: output.description,
    stats: { ...sim.stats, incidents: { ...sim.stats.incidents } },
    targetRatePerSec: sim.targetRatePerSec,
    recordsPerSec: elapsedMs > 0 ? (sim.stats.emitted * 1000) / elapsedMs : Number.POSITIVE_INFINITY,
    elapsedMs,
    startMs: sim.startMs,
    endMs: sim.endMs,
    speed: sim.options.speed,
    asap: opts.asap ?? false,
    incidents,
    aborted: !sim.done,
  };
  logger.info({ stats: summary.stats, elapsedMs, recordsPerSec: summary.recordsPerSec }, 'simulation finished');
  return summary;
}
