/**
 * The pattern operator. Rows are buffered per key until the watermark passes their event time,
 * then fed to the key's automaton in event-time order (ties in arrival order), so the result does
 * not depend on how rows were split into batches. Rows already behind the watermark are late.
 * Partial matches expire once the watermark passes `start + within`; they are dropped, emitted as
 * `timedOut` rows (`emitTimeouts`) or routed to the `timedOut` side output. State per key:
 * `{ buffer, partials }` in an `InMemoryStateStore`.
 */
import type { BatchContext } from '../../exec/batch-context.js';
import type { LateRecord, LateRoute } from '../../exec/late.js';
import type { PhysicalOperator, StateSnapshot } from '../../exec/operator.js';
import type { EventTimeColumn } from '../../plan/node.js';
import { KeyedStateOperator } from '../state/support/keyed-state-operator.js';
import { step, type Completed, type Partial } from './nfa.js';
import type { Pattern } from './pattern.js';

interface KeyState {
  /** Events not yet released by the watermark: `[eventTimeMs, row]`, sorted by time. */
  readonly buffer: readonly (readonly [number, unknown])[];
  readonly partials: readonly Partial<unknown>[];
}

export interface PatternOperatorConfig {
  operatorId: number;
  child: PhysicalOperator;
  keyFn: (row: unknown) => unknown;
  pattern: Pattern<unknown, string>;
  emitTimeouts: boolean;
  /** Side output for expired partial matches (records are `PatternTimeout`s). */
  timedOut: LateRoute | undefined;
  timeField: string;
  eventTime: EventTimeColumn | undefined;
}

export class PatternOperator extends KeyedStateOperator<KeyState> {
  readonly name = 'pattern';
  readonly operatorName = 'pattern';
  private readonly cfg: PatternOperatorConfig;
  /** Lower bound of the next time something is due (a buffered event or a partial's expiry). */
  private minDue = Infinity;

  constructor(cfg: PatternOperatorConfig) {
    super(cfg.operatorId, 'pattern');
    this.cfg = cfg;
  }

  execute(ctx: BatchContext): unknown[] {
    const rows = this.cfg.child.execute(ctx);
    this.state.startBatch();
    const wm = ctx.watermarkMs;
    const { keyFn, timeField, eventTime } = this.cfg;
    const arrivals = this.state.keyRows(rows, ctx, { keyFn, timeField, eventTime }, (row, t): [number, unknown] => [t, row]);
    const due = new Set<unknown>(arrivals.keys());
    if (this.minDue <= wm) for (const [k] of this.store.entries()) due.add(k);
    const out: unknown[] = [];
    let minDue = this.minDue <= wm ? Infinity : this.minDue;
    for (const key of due) {
      const next = this.advance(ctx, key, this.store.get(key), arrivals.get(key), out);
      if (next === undefined) continue;
      const d = this.dueOf(next);
      if (d < minDue) minDue = d;
    }
    this.minDue = minDue;
    return out;
  }

  /** Releases the key's events up to the watermark into its automaton; returns its new state. */
  private advance(ctx: BatchContext, key: unknown, st: KeyState | undefined, arrived: [number, unknown][] | undefined, out: unknown[]): KeyState | undefined {
    const wm = ctx.watermarkMs;
    let buffer = st?.buffer ?? [];
    if (arrived !== undefined) buffer = [...buffer, ...arrived].sort((a, b) => a[0] - b[0]);
    let released = 0;
    while (released < buffer.length && buffer[released]![0] <= wm) released++;
    let partials = st?.partials ?? [];
    const done: Completed<unknown>[] = [];
    const expired: Partial<unknown>[] = [];
    const p = this.cfg.pattern;
    for (let i = 0; i < released; i++) partials = step(p, partials, buffer[i]![1], buffer[i]![0], done, expired);
    const within = p.withinMs;
    if (within !== undefined && partials.some((m) => m.startMs + within <= wm)) {
      const live: Partial<unknown>[] = [];
      for (const m of partials) (m.startMs + within <= wm ? expired : live).push(m);
      partials = live;
    }
    for (const m of done) out.push(this.row(key, m.events, m.startMs, m.endMs, false));
    if (this.cfg.emitTimeouts) for (const m of expired) out.push(this.row(key, m.events, m.startMs, m.lastMs, true));
    const side = this.cfg.timedOut;
    if (side !== undefined) {
      for (const m of expired) {
        const record = { key, events: this.named(m.events), stage: p.stages[m.stage]!.name, startMs: m.startMs, endMs: m.lastMs, watermarkMs: wm };
        ctx.routeLate(side, record as unknown as LateRecord);
      }
    }
    const next: KeyState = { buffer: released === 0 ? buffer : buffer.slice(released), partials };
    if (next.buffer.length === 0 && next.partials.length === 0) {
      if (st !== undefined) this.state.remove(key);
      return undefined;
    }
    if (st === undefined || arrived !== undefined || released > 0 || partials !== st.partials) {
      this.state.put(key, next);
    }
    return next;
  }

  private dueOf(st: KeyState): number {
    let d = st.buffer.length > 0 ? st.buffer[0]![0] : Infinity;
    const within = this.cfg.pattern.withinMs;
    if (within !== undefined) for (const m of st.partials) if (m.startMs + within < d) d = m.startMs + within;
    return d;
  }

  private row(key: unknown, events: readonly (readonly unknown[])[], startMs: number, endMs: number, timedOut: boolean): unknown {
    return { key, events: this.named(events), startMs, endMs, timedOut };
  }

  private named(events: readonly (readonly unknown[])[]): Record<string, unknown[]> {
    const named: Record<string, unknown[]> = {};
    this.cfg.pattern.stages.forEach((s, i) => (named[s.name] = [...events[i]!]));
    return named;
  }

  runsNoDataBatchOnWatermark(): boolean {
    return true; // event-time driven, as flatMapGroupsWithState with an event-time timeout
  }

  needsNoDataBatch(nextWatermarkMs: number): boolean {
    return this.minDue <= nextWatermarkMs;
  }

  restore(snapshot: StateSnapshot): void {
    const entries = this.state.restore(snapshot, (st) => st);
    let minDue = Infinity;
    for (const [, st] of entries) minDue = Math.min(minDue, this.dueOf(st));
    this.minDue = minDue;
  }
}
