/**
 * Simulation options: validated with zod at the boundary, defaults in one place. The same
 * options (and seed) always give the same stream, record for record, whatever the pacing.
 *
 * Rate and duration are in run time: `ratePerSec` records per second over `durationMs`, while
 * simulated event time advances `speed` times faster (`speed: 60` = one simulated hour per
 * minute). Running "as fast as possible" only drops the pacing; the stream is the same.
 */
import { z } from 'zod';
import { StreamlabError } from '@streamlab/core';
import type { Seed } from './prng.js';
import type { RateProfile } from './rate.js';
import { NO_DISORDER, type DisorderOptions } from './disorder.js';

/** Default simulated start: Monday 2026-01-05 00:00 UTC (fixed, so runs are reproducible). */
export const DEFAULT_START_MS = Date.UTC(2026, 0, 5);

/** Options of one simulation run. */
export interface SimulationOptions {
  seed: Seed;
  /** Target records per second of run time. */
  ratePerSec: number;
  /** Run length (run time, ms). */
  durationMs: number;
  /** Simulated ms per run-time ms (1 = real time). */
  speed: number;
  /** Simulated start (epoch ms). */
  startMs: number;
  /** Population size (default: the model's). */
  entities: number | undefined;
  profile: RateProfile;
  disorder: DisorderOptions;
  /** Scenarios to run by name (default: all of the model's). */
  scenarios: readonly string[] | undefined;
}

const fraction = (name: string) =>
  z
    .number({ error: `${name} must be a number` })
    .min(0, { error: `${name} must be a fraction between 0 and 1` })
    .max(1, { error: `${name} must be a fraction between 0 and 1` });
const nonNegMs = (name: string) => z.number({ error: `${name} must be a number of ms` }).min(0, { error: `${name} must not be negative` });

const profileSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('steady') }),
  z
    .object({
      kind: z.literal('bursty'),
      factor: z.number().positive(),
      everyMs: z.number().positive(),
      burstMs: z.number().positive(),
    })
    .refine((p) => p.burstMs <= p.everyMs, { error: 'bursty profile: burstMs must not exceed everyMs', path: ['burstMs'] }),
  z.object({ kind: z.literal('ramping'), from: z.number().min(0) }),
]);

const disorderSchema = z
  .object({
    outOfOrder: fraction('outOfOrder'),
    maxDelayMs: nonNegMs('maxDelayMs'),
    late: fraction('late'),
    lateDelayMs: nonNegMs('lateDelayMs'),
    lateSpreadMs: nonNegMs('lateSpreadMs'),
    duplicates: fraction('duplicates'),
    malformed: fraction('malformed'),
  })
  .refine((d) => d.outOfOrder + d.late + d.duplicates + d.malformed <= 1, {
    error: 'outOfOrder + late + duplicates + malformed must not exceed 1',
  });

/** The zod schema of `SimulationOptions` (all fields present). */
export const simulationOptionsSchema = z.object({
  seed: z.union([z.number().int({ error: 'seed must be an integer' }), z.string().min(1)]),
  ratePerSec: z.number({ error: 'ratePerSec must be a number' }).positive({ error: 'ratePerSec must be positive' }).finite(),
  durationMs: z.number().positive({ error: 'durationMs must be positive' }).finite(),
  speed: z.number().positive({ error: 'speed must be positive' }).finite(),
  startMs: z.number().int({ error: 'startMs must be epoch milliseconds' }),
  entities: z.number().int().positive({ error: 'entities must be a positive integer' }).optional(),
  profile: profileSchema,
  disorder: disorderSchema,
  scenarios: z.array(z.string().min(1)).optional(),
});

/** Partial options: anything left out takes its default. */
export type SimulationInput = Partial<Omit<SimulationOptions, 'disorder'>> & { disorder?: Partial<DisorderOptions> };

/**
 * Fills in defaults and validates; throws `StreamlabError` `DATAGEN_BAD_OPTIONS` naming every
 * bad field.
 *
 * @example
 * resolveOptions({ seed: 42, ratePerSec: 1000, durationMs: 60_000, disorder: { late: 0.02 } });
 */
export function resolveOptions(input: SimulationInput = {}): SimulationOptions {
  const candidate = {
    seed: input.seed ?? 1,
    ratePerSec: input.ratePerSec ?? 1000,
    durationMs: input.durationMs ?? 60_000,
    speed: input.speed ?? 1,
    startMs: input.startMs ?? DEFAULT_START_MS,
    entities: input.entities,
    profile: input.profile ?? { kind: 'steady' },
    disorder: { ...NO_DISORDER, ...input.disorder },
    scenarios: input.scenarios,
  };
  const parsed = simulationOptionsSchema.safeParse(candidate);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
    throw new StreamlabError('DATAGEN_BAD_OPTIONS', `bad simulation options: ${problems.join('; ')}`, {
      value: input,
      hint: 'fix the fields named above',
    });
  }
  return { ...parsed.data, entities: parsed.data.entities, scenarios: parsed.data.scenarios } as SimulationOptions;
}
