/**
 * The model-definition API: what a use case writes to get a simulator. A model is plain data and
 * functions: a population of entities with state, a `step` that makes one record, optional
 * activity rhythm, and scenarios that inject labelled incidents. The runtime owns time, rates,
 * randomness (seeded), disorder and outputs.
 */
import { parseDuration, StreamlabError, type Duration } from '@streamlab/core';
import type { Faker, LocaleDefinition } from '@faker-js/faker';
import type { Rng } from './prng.js';
import type { Rhythm } from './rhythm.js';
import type { Schedule } from './schedule.js';
import type { MalformedKind } from './envelope.js';

/** Given to `pools` once at start-up: build lookup tables with faker here, not in `step`. */
export interface SetupContext {
  /** A faker seeded for setup. */
  readonly faker: Faker;
  readonly rng: Rng;
  /** Simulated start time (epoch ms). */
  readonly startMs: number;
  /** Population size of this run. */
  readonly entityCount: number;
  /** `size` items made by `make`, with faker seeded for this pool's name (stable across runs). */
  pool<T>(name: string, size: number, make: (faker: Faker, index: number, rng: Rng) => T): T[];
}

/** Given to `createEntity` for each member of the population. */
export interface EntityContext<P> {
  /** A faker seeded for this entity (its attributes do not depend on the population size). */
  readonly faker: Faker;
  /** A generator seeded for this entity. */
  readonly rng: Rng;
  readonly pools: P;
  readonly index: number;
  readonly startMs: number;
}

/**
 * Given to `step` for each record. One object is reused for every record: read it, do not keep it.
 */
export interface StepContext<P> {
  /** The record's simulated event time (epoch ms). */
  readonly now: number;
  /** The model's generator (seeded; shared by all steps in stream order). */
  readonly rng: Rng;
  readonly pools: P;
  /** The record's position in the generated stream. */
  readonly seq: number;
  /** Every incident active at `now` (world-level ones included), oldest end first. */
  readonly incidents: readonly Incident<unknown>[];
  /** The incident the stepped entity is part of, if any. */
  readonly incident: Incident<unknown> | undefined;
}

/** Given to a model's `every` after each of an entity's records. */
export interface ClockContext {
  /** Simulated time of the record just made (at start-up: the start). */
  readonly now: number;
  /** A generator seeded for the clocks (shared by all entities, in stream order). */
  readonly rng: Rng;
}

/** An incident in progress, as a scenario's `step` sees it. */
export interface Incident<S> {
  /** `<scenario>-<n>`, n counting from 1 per scenario. */
  readonly id: string;
  readonly scenario: string;
  readonly startMs: number;
  readonly endMs: number;
  /** Keys of the entities involved. */
  readonly keys: readonly string[];
  /** What `start` returned. */
  readonly state: S;
}

/** Given to a scenario's `start` when an incident begins. */
export interface IncidentContext<E, P> {
  readonly rng: Rng;
  readonly pools: P;
  readonly startMs: number;
  readonly endMs: number;
  /** The entities the runtime chose for this incident. */
  readonly entities: readonly E[];
}

/**
 * A scenario: labelled incidents injected on a schedule. While an incident is active, records of
 * the entities it involves come from the scenario's `step` and carry the label
 * `{ scenario, incidentId }`.
 */
export interface ScenarioDef<E, R, P, S = unknown> {
  /** Stable name, used in labels and on the command line (`--scenarios`). */
  readonly name: string;
  readonly schedule: Schedule;
  /** How long each incident lasts (simulated time). */
  readonly duration: Duration;
  /**
   * Entities involved in each incident (default 1). `0` makes a world-level incident (a road
   * closure, a heatwave): nobody's records are relabelled, but every `step` sees it in
   * `ctx.incidents` and can react.
   */
  readonly entities?: number;
  /** Which entities may be chosen (default: any not already in an incident). */
  readonly eligible?: (entity: E) => boolean;
  /**
   * Fraction of all arrivals given to the involved entities while the incident is active (e.g. a
   * fraud ring's burst of transactions). Default 0: they keep their usual share.
   */
  readonly share?: number;
  /** Sets up per-incident state (e.g. the ring's mule merchant). */
  start?(ctx: IncidentContext<E, P>): S;
  /**
   * The record for an involved entity while the incident is active; `undefined` falls back to the
   * model's `step`, unlabelled. Without `step`, the model's `step` makes the record (it sees the
   * incident in `ctx.incident`) and the record is labelled.
   */
  step?(entity: E, incident: Incident<S>, ctx: StepContext<P>): R | undefined;
}

/** How arrivals are spread over the population. */
export type PickStrategy<E> =
  | 'uniform'
  /** every entity once per cycle, in a seeded order (sensors and vehicles reporting periodically) */
  | 'round-robin'
  /** in proportion to a static weight (busy cards, big merchants) */
  | { weight: (entity: E) => number };

/** A model: everything the runtime needs to simulate one domain. */
export interface ModelDef<E, R, P = undefined> {
  /** Stable name: default topic and file names. */
  readonly name: string;
  readonly description?: string;
  /** Default population size (`--entities` overrides). */
  readonly entities: number;
  /** Name of the record's event-time field (malformed records break it). */
  readonly timeField: string;
  /** Faker locales (default `[en, base]`). */
  readonly locale?: LocaleDefinition[];
  /** Builds lookup pools once at start-up, with faker. Keep faker out of `step`: it is slow. */
  pools?(ctx: SetupContext): P;
  createEntity(ctx: EntityContext<P>): E;
  /** The entity's id: the Kafka key. Called once per entity at start-up. */
  key(entity: E): string;
  /** One record from this entity at `ctx.now`; may update the entity's state. */
  step(entity: E, ctx: StepContext<P>): R;
  /**
   * Activity rhythm shaping the rate over simulated time. It is scaled to average 1 over each run,
   * so a run still averages `--rate`: busy hours get more, quiet hours less.
   */
  readonly intensity?: Rhythm;
  readonly pick?: PickStrategy<E>;
  /**
   * Each entity on its own clock: the simulated ms from the entity's record at `ctx.now` to its
   * next one (a vehicle's GPS interval, a sensor's period, longer while its link is down). When
   * given, records come when their entity is due, not as one Poisson stream at `ratePerSec`:
   * `ratePerSec`, the rate profile, `intensity`, `pick` and scenarios' `share` do not apply, and
   * the rate follows from the population. Each entity's first record comes at a random phase of its
   * first interval. Must return a positive, finite number.
   */
  every?(entity: E, ctx: ClockContext): number;
  /** The model's scenarios (their state types differ, hence `any`: the runtime treats it as opaque). */
  // biome-ignore lint/suspicious/noExplicitAny: scenarios' state types differ (see above)
  readonly scenarios?: readonly ScenarioDef<E, R, P, any>[];
  /** The record's own id for the label side channel (default: its `seq`). */
  recordId?(record: R): string;
  /** Custom corruption for malformed records (default: break the time field or the JSON). */
  malform?(record: R, rng: Rng): { kind: MalformedKind; text: string };
}

/** A validated model (what `defineModel` returns). */
export type Model<E, R, P = undefined> = ModelDef<E, R, P> & { readonly __validated: true };

/**
 * Declares a model; checks it and keeps its types inferred.
 *
 * @example
 * const sensors = defineModel({
 *   name: 'sensors', entities: 100, timeField: 'ts',
 *   createEntity: ({ index, rng }) => ({ id: `s-${index}`, temp: rng.range(18, 24) }),
 *   key: (s) => s.id,
 *   step: (s, { now, rng }) => ({ id: s.id, ts: now, temp: (s.temp += rng.normal(0, 0.1)) }),
 * });
 */
export function defineModel<E, R, P = undefined>(def: ModelDef<E, R, P>): Model<E, R, P> {
  const bad = (what: string, value: unknown, hint: string): never => {
    throw new StreamlabError('DATAGEN_BAD_MODEL', `model "${def.name}": ${what}`, { value, hint });
  };
  if (typeof def.name !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/i.test(def.name)) {
    bad('name must be a word of letters, digits, ".", "_" or "-"', def.name, 'e.g. "payments"');
  }
  if (!Number.isInteger(def.entities) || def.entities < 1) bad('entities must be a positive integer', def.entities, 'e.g. 1000');
  if (!def.timeField) bad('timeField is required', def.timeField, 'name the event-time field of the records, e.g. "ts"');
  const names = new Set<string>();
  for (const s of def.scenarios ?? []) {
    if (!s.name || names.has(s.name)) bad('scenario names must be non-empty and unique', s.name, 'rename the scenario');
    names.add(s.name);
    parseDuration(s.duration, `scenario "${s.name}" duration`);
    if (s.entities !== undefined && !(Number.isInteger(s.entities) && s.entities >= 0)) {
      bad(`scenario "${s.name}": entities must be a non-negative integer`, s.entities, 'e.g. 3 (0 for a world-level incident)');
    }
    if (s.share !== undefined && !(s.share >= 0 && s.share < 1)) {
      bad(`scenario "${s.name}": share must be in [0, 1)`, s.share, 'e.g. 0.05');
    }
  }
  return def as Model<E, R, P>;
}

/**
 * Declares a scenario with its state type inferred (a typed helper: no checks of its own;
 * `defineModel` checks the scenarios it is given).
 *
 * @example
 * const overheating = defineScenario<Sensor, Reading, undefined, { rise: number }>({
 *   name: 'overheating', schedule: { every: '6 hours' }, duration: '30 minutes',
 *   start: ({ rng }) => ({ rise: rng.range(5, 15) }),
 *   step: (s, inc, { now }) => ({ id: s.id, ts: now, temp: s.temp + inc.state.rise }),
 * });
 */
export function defineScenario<E, R, P, S>(def: ScenarioDef<E, R, P, S>): ScenarioDef<E, R, P, S> {
  return def;
}
