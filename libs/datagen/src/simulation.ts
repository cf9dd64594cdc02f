/**
 * The simulation: a synchronous, deterministic generator of envelopes from a model and options.
 * No I/O, no clock: `nextBatch` advances simulated time; a runner (`runSimulation`,
 * `iterateSimulation`) decides when to call it and where the envelopes go.
 */
import { StreamlabError } from '@streamlab/core';
import { defaultMalformer, Disorder, type DisorderCounts } from './disorder.js';
import type { Envelope, IncidentInfo, Label } from './envelope.js';
import { MinHeap } from './heap.js';
import { Incidents } from './incidents.js';
import type { ClockContext, Incident, Model, ScenarioDef, StepContext } from './model.js';
import { resolveOptions, type SimulationInput, type SimulationOptions } from './options.js';
import { Population } from './population.js';
import { hashSeed, Rng } from './prng.js';
import { meanRateFactor, rateFactor } from './rate.js';
import type { Rhythm } from './rhythm.js';

/** Running totals of a simulation. */
export interface SimulationStats extends DisorderCounts {
  /** Records the model generated. */
  generated: number;
  /** Envelopes emitted so far (generated + duplicate copies, minus those still held back). */
  emitted: number;
  /** Emitted envelopes carrying a scenario label. */
  labelled: number;
  /** Incidents started, per scenario. */
  incidents: Record<string, number>;
}

/**
 * A deterministic simulation of `model` under `options`.
 *
 * @example
 * const sim = new Simulation(paymentsModel, { seed: 42, ratePerSec: 1000, durationMs: 10_000 });
 * while (!sim.done) handle(sim.nextBatch(1000));
 */
export class Simulation<E, R, P> {
  readonly options: SimulationOptions;
  /** Simulated start and end (epoch ms). */
  readonly startMs: number;
  readonly endMs: number;
  /**
   * Records expected over the run: rate x duration x the profile's mean (the model's rhythm is
   * scaled to average 1 over the run, so it shapes the rate without changing the total).
   */
  readonly expectedRecords: number;
  readonly stats: SimulationStats;
  private readonly pop: Population<E, P>;
  private readonly incidents: Incidents;
  private readonly arrivals: Rng;
  private readonly picker: Rng;
  private readonly ctx: StepContext<P> & { now: number; seq: number; incident: Incident<unknown> | undefined };
  private readonly disorder: Disorder<R>;
  private nextT: number;
  private seq = 0;
  private finished = false;
  private readonly baseRatePerMs: number;
  /** Divides the model's rhythm by its mean over this run, so the run averages `--rate`. */
  private readonly intensityScale: number;
  private readonly maxGap: number;
  /** With a model's `every`: each entity's index by the time of its next record. */
  private readonly clock: MinHeap<number> | undefined;
  private readonly clockCtx: ClockContext & { now: number };

  constructor(
    private readonly model: Model<E, R, P>,
    input: SimulationInput = {},
  ) {
    const o = resolveOptions(input);
    this.options = o;
    this.startMs = o.startMs;
    this.endMs = o.startMs + o.durationMs * o.speed;
    this.intensityScale = model.intensity ? 1 / meanIntensity(o, model.intensity) : 1;
    const root = new Rng(hashSeed(o.seed, model.name));
    this.arrivals = root.fork('arrivals');
    this.picker = root.fork('pick');
    const pop = new Population<E, P>(model as Model<E, unknown, P>, root, o.entities ?? model.entities, o.startMs);
    this.pop = pop;
    this.clockCtx = { now: o.startMs, rng: root.fork('every') };
    if (model.every) {
      // entity clocks: each one's first record at a random phase of its first interval
      this.clock = new MinHeap<number>();
      let perMs = 0;
      for (let i = 0; i < pop.size; i++) {
        const every = this.interval(i, o.startMs);
        perMs += 1 / every;
        this.clock.push(o.startMs + this.clockCtx.rng.next() * every, i);
      }
      this.expectedRecords = Math.round(perMs * o.durationMs * o.speed);
    } else {
      this.clock = undefined;
      this.expectedRecords = Math.round((o.ratePerSec * o.durationMs * meanRateFactor(o.profile, o.durationMs)) / 1000);
    }
    const scenarios = (model.scenarios ?? []) as readonly ScenarioDef<unknown, unknown, unknown, unknown>[];
    this.incidents = new Incidents(model.name, scenarios, o.scenarios, { startMs: this.startMs, endMs: this.endMs, population: pop.size }, root);
    this.stats = { generated: 0, emitted: 0, labelled: 0, outOfOrder: 0, late: 0, duplicates: 0, malformed: 0, incidents: this.incidents.counts };
    this.ctx = { now: this.startMs, rng: root.fork('model'), pools: pop.pools, seq: 0, incidents: this.incidents.current, incident: undefined };
    this.disorder = new Disorder<R>(o.disorder, root.fork('disorder'), model.malform ? (r, g) => model.malform!(r, g) : defaultMalformer<R>(model.timeField));
    this.baseRatePerMs = o.ratePerSec / 1000 / o.speed;
    this.maxGap = 1000 * o.speed; // re-evaluate the rate at least once per second of run time
    this.nextT = this.startMs;
    this.nextT = this.advance(this.startMs);
  }

  /**
   * Records per second of run time this simulation aims at: `ratePerSec`, or with entity clocks (a
   * model's `every`), what the population's first intervals give.
   */
  get targetRatePerSec(): number {
    return this.clock ? (this.expectedRecords * 1000) / this.options.durationMs : this.options.ratePerSec;
  }

  /** The model's name. */
  get modelName(): string {
    return this.model.name;
  }

  /** Every envelope has been emitted. */
  get done(): boolean {
    return this.finished;
  }

  /** Simulated time of the next generated record (`endMs` when there is none). */
  get nextEventMs(): number {
    return Math.min(this.nextT, this.endMs);
  }

  /** The population (entities in index order, with their current state): e.g. a static table to join with. */
  get population(): readonly E[] {
    return this.pop.entities;
  }

  /** The keys of the population, in index order. */
  get entityKeys(): readonly string[] {
    return this.pop.keys;
  }

  /** Incidents started since the last call. */
  takeIncidents(): IncidentInfo[] {
    return this.incidents.take();
  }

  /**
   * Generates records with event time `<= untilMs` (default: the end), emitting at most about
   * `maxRecords` envelopes (a record can release held ones with it).
   */
  nextBatch(maxRecords: number, untilMs = Number.POSITIVE_INFINITY): Envelope<R>[] {
    const out: Envelope<R>[] = [];
    if (this.finished) return out;
    while (out.length < maxRecords && this.nextT <= untilMs && this.nextT < this.endMs) {
      const t = this.nextT;
      this.generate(Math.floor(t), out);
      this.nextT = this.advance(t);
    }
    if (this.nextT >= this.endMs && untilMs >= this.endMs && out.length < maxRecords) {
      this.incidents.closeAll();
      this.disorder.flush(out, this.endMs);
      this.finished = true;
    }
    this.count(out);
    return out;
  }

  /** The record id the label side channel uses. */
  recordId(env: Envelope<R>): string {
    return this.model.recordId ? this.model.recordId(env.record) : String(env.seq);
  }

  private count(out: Envelope<R>[]): void {
    let labelled = 0;
    for (let i = 0; i < out.length; i++) if (out[i]!.label?.scenario !== undefined) labelled++;
    const s = this.stats;
    s.emitted += out.length;
    s.labelled += labelled;
    const c = this.disorder.counts;
    s.outOfOrder = c.outOfOrder;
    s.late = c.late;
    s.duplicates = c.duplicates;
    s.malformed = c.malformed;
  }

  /** The next arrival time after `t` (a Poisson process whose rate follows profile x intensity, or the next entity due). */
  private advance(t: number): number {
    const o = this.options;
    if (this.clock) return Math.min(this.clock.peekPriority(), this.endMs);
    for (;;) {
      if (t >= this.endMs) return this.endMs;
      let rate = this.baseRatePerMs * rateFactor(o.profile, (t - this.startMs) / o.speed, o.durationMs);
      if (this.model.intensity) rate *= this.model.intensity(t) * this.intensityScale;
      const gap = rate > 0 ? this.arrivals.exponential(1 / rate) : Number.POSITIVE_INFINITY;
      // Memorylessness: past `maxGap`, step there and draw again at the rate in force then.
      if (gap <= this.maxGap) return t + gap;
      t += this.maxGap;
    }
  }

  /** Entity `index`'s next interval after a record at `now`, from the model's `every`, checked. */
  private interval(index: number, now: number): number {
    const ctx = this.clockCtx;
    ctx.now = now;
    const ms = this.model.every!(this.pop.entities[index]!, ctx);
    if (!(ms > 0) || !Number.isFinite(ms)) {
      throw new StreamlabError('DATAGEN_BAD_INTERVAL', `model "${this.model.name}": every() gave ${ms} ms for ${this.pop.keys[index]}`, {
        value: ms,
        hint: "every() must return a positive, finite number of simulated ms until the entity's next record",
      });
    }
    return ms;
  }

  private generate(t: number, out: Envelope<R>[]): void {
    const pop = this.pop;
    this.incidents.advanceTo(t, pop.entities, pop.keys, pop.pools);
    const clock = this.clock;
    let index = clock ? clock.pop()! : this.incidents.claiming ? this.incidents.claim(this.picker.next()) : -1;
    if (index < 0) index = pop.pick(this.picker);
    const entity = pop.entities[index]!;
    const ctx = this.ctx;
    const seq = this.seq++;
    ctx.now = t;
    ctx.seq = seq;
    let record: R | undefined;
    let label: Label | undefined;
    const inc = this.incidents.of(index);
    ctx.incident = inc?.info;
    if (inc !== undefined) {
      const step = inc.def.step;
      record = step ? (step(entity, inc.info, ctx as StepContext<unknown>) as R | undefined) : this.model.step(entity, ctx);
      if (record !== undefined) label = { scenario: inc.info.scenario, incidentId: inc.info.id };
    }
    if (record === undefined) record = this.model.step(entity, ctx);
    if (clock) clock.push(t + this.interval(index, t), index);
    this.stats.generated++;
    const env: Envelope<R> = { seq, key: pop.keys[index]!, eventTimeMs: t, emitMs: t, record, label };
    this.disorder.push(env, out);
  }
}

/** The model's rhythm averaged over the run (weighted by the rate profile), sampled. */
function meanIntensity(o: SimulationOptions, intensity: Rhythm): number {
  const n = 4_000;
  const span = o.durationMs * o.speed;
  let sum = 0;
  let weight = 0;
  for (let i = 0; i < n; i++) {
    const f = (i + 0.5) / n;
    const w = rateFactor(o.profile, f * o.durationMs, o.durationMs);
    sum += intensity(o.startMs + f * span) * w;
    weight += w;
  }
  const mean = weight > 0 ? sum / weight : 0;
  if (!(mean > 0) || !Number.isFinite(mean)) {
    throw new StreamlabError('DATAGEN_BAD_RHYTHM', "the model's intensity is 0 (or not a number) over the whole run", {
      value: mean,
      hint: 'make intensity() return positive multipliers, or run over a busier time span (--start, --duration, --speed)',
    });
  }
  return mean;
}
