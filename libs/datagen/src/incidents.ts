/**
 * Scenario incidents over a run: when each starts (from the scenarios' schedules), which entities
 * it involves, which are active now, and what share of arrivals they take.
 */
import { parseDuration, StreamlabError } from '@streamlab/core';
import type { IncidentInfo } from './envelope.js';
import type { Incident, ScenarioDef } from './model.js';
import type { Rng } from './prng.js';
import { scheduleTimes } from './schedule.js';

type AnyScenario = ScenarioDef<unknown, unknown, unknown, unknown>;

/** An incident in progress. */
export interface ActiveIncident {
  readonly info: Incident<unknown>;
  readonly def: AnyScenario;
  readonly members: readonly number[];
  readonly share: number;
}

interface PendingStart {
  timeMs: number;
  def: AnyScenario;
  ordinal: number;
}

/**
 * The incidents of one run. `advanceTo(t)` ends and starts incidents up to `t`; `of(i)` is the
 * incident entity `i` is in, if any.
 *
 * @example
 * const book = new Incidents(model.scenarios, undefined, startMs, endMs, root);
 * book.advanceTo(t, entities, keys, pools);
 */
export class Incidents {
  /** Incidents started so far, per scenario. */
  readonly counts: Record<string, number> = {};
  private readonly starts: PendingStart[] = [];
  private next = 0;
  private active: ActiveIncident[] = [];
  /** The `info` of every active incident, in `active` order (what `StepContext.incidents` shows). */
  readonly current: Incident<unknown>[] = [];
  private readonly memberOf: (ActiveIncident | undefined)[];
  private sharedTotal = 0;
  private readonly started: IncidentInfo[] = [];
  private readonly rng: Rng;

  constructor(
    modelName: string,
    scenarios: readonly AnyScenario[],
    enabled: readonly string[] | undefined,
    window: { startMs: number; endMs: number; population: number },
    root: Rng,
  ) {
    const known = new Set(scenarios.map((s) => s.name));
    for (const name of enabled ?? []) {
      if (!known.has(name)) {
        throw new StreamlabError('DATAGEN_UNKNOWN_SCENARIO', `model "${modelName}" has no scenario "${name}"`, {
          value: name,
          hint: `choose from: ${[...known].join(', ') || '(none)'}`,
        });
      }
    }
    for (const def of scenarios) {
      if (enabled && !enabled.includes(def.name)) continue;
      this.counts[def.name] = 0;
      const times = scheduleTimes(def.schedule, window.startMs, window.endMs, root.fork('schedule', def.name));
      times.forEach((timeMs, i) => this.starts.push({ timeMs, def, ordinal: i + 1 }));
    }
    this.starts.sort((a, b) => a.timeMs - b.timeMs);
    this.memberOf = new Array(window.population).fill(undefined);
    this.rng = root.fork('scenarios');
  }

  /** The incident entity `index` is part of now, if any. */
  of(index: number): ActiveIncident | undefined {
    return this.memberOf[index];
  }

  /** Ends incidents whose time is over and starts those due at or before `t`. */
  advanceTo(t: number, entities: readonly unknown[], keys: readonly string[], pools: unknown): void {
    if (this.active.length && this.active[0]!.info.endMs <= t) this.close(t);
    while (this.next < this.starts.length && this.starts[this.next]!.timeMs <= t) this.start(this.starts[this.next++]!, entities, keys, pools);
  }

  /** Ends every incident (end of the run). */
  closeAll(): void {
    this.close(Number.POSITIVE_INFINITY);
  }

  /**
   * With active incidents that claim a share of arrivals: given a uniform `u`, the entity index
   * the arrival goes to, or -1 when it goes to the population as usual.
   */
  claim(u: number): number {
    if (u >= this.sharedTotal) return -1;
    for (const inc of this.active) {
      if (u < inc.share) return inc.members[Math.floor((u / inc.share) * inc.members.length)]!;
      u -= inc.share;
    }
    return -1;
  }

  /** Whether any active incident claims a share of arrivals. */
  get claiming(): boolean {
    return this.sharedTotal > 0;
  }

  /** Incidents started since the last call. */
  take(): IncidentInfo[] {
    return this.started.splice(0, this.started.length);
  }

  private start({ timeMs, def, ordinal }: PendingStart, entities: readonly unknown[], keys: readonly string[], pools: unknown): void {
    const rng = this.rng.fork(def.name, ordinal);
    const candidates: number[] = [];
    for (let i = 0; i < entities.length; i++) {
      if (this.memberOf[i] === undefined && (!def.eligible || def.eligible(entities[i]))) candidates.push(i);
    }
    const want = def.entities ?? 1;
    const members: number[] = [];
    for (let k = 0; k < want && candidates.length; k++) {
      const j = rng.int(candidates.length);
      members.push(candidates[j]!);
      candidates[j] = candidates[candidates.length - 1]!;
      candidates.pop();
    }
    if (want > 0 && members.length === 0) return; // nobody eligible: this incident cannot happen
    const endMs = timeMs + parseDuration(def.duration);
    const state = def.start ? def.start({ rng, pools, startMs: timeMs, endMs, entities: members.map((i) => entities[i]) }) : undefined;
    const memberKeys = members.map((i) => keys[i]!);
    const info: Incident<unknown> = { id: `${def.name}-${ordinal}`, scenario: def.name, startMs: timeMs, endMs, keys: memberKeys, state };
    const active: ActiveIncident = { info, def, members, share: members.length ? (def.share ?? 0) : 0 };
    for (const i of members) this.memberOf[i] = active;
    this.active.push(active);
    this.active.sort((a, b) => a.info.endMs - b.info.endMs);
    this.syncCurrent();
    this.sharedTotal += active.share;
    this.counts[def.name] = (this.counts[def.name] ?? 0) + 1;
    this.started.push({ id: info.id, scenario: def.name, startMs: timeMs, endMs, keys: memberKeys });
  }

  private close(t: number): void {
    while (this.active.length && this.active[0]!.info.endMs <= t) {
      const done = this.active.shift()!;
      for (const i of done.members) if (this.memberOf[i] === done) this.memberOf[i] = undefined;
      this.sharedTotal -= done.share;
    }
    if (this.active.length === 0) this.sharedTotal = 0;
    this.syncCurrent();
  }

  private syncCurrent(): void {
    this.current.length = 0;
    for (const a of this.active) this.current.push(a.info);
  }
}
