/**
 * Per-key state bookkeeping shared by the keyed stateful operators (flatMapGroupsWithState,
 * pattern): the versioned store, value-keyed lookup, late-row accounting, the per-batch
 * updated/removed counters, and grouping a batch's rows by key with event-time checks.
 */
import type { BatchContext } from '../../../exec/batch-context.js';
import type { StateChanges, StateSnapshot } from '../../../exec/operator.js';
import type { EventTimeColumn } from '../../../plan/node.js';
import type { StateOperatorProgress } from '../../../progress.js';
import { InMemoryStateStore } from '../../../state/memory-store.js';
import { eventTimeProblem, toEpochMs } from '../../../time/event-time.js';
import { ValueKeys } from './keys.js';
import { LateRows } from './late.js';

/** How to key a batch's rows: `timeField` undefined skips the event-time checks. */
export interface KeyRowsOptions {
  keyFn: (row: unknown) => unknown;
  timeField: string | undefined;
  eventTime: EventTimeColumn | undefined;
}

/**
 * One operator's keyed state: store, keys, late rows and per-batch counters.
 *
 * @example
 * const state = new KeyedState<{ n: number }>(operatorId, 'pattern');
 * state.startBatch();
 * const byKey = state.keyRows(rows, ctx, { keyFn, timeField: 'ts', eventTime }, (row) => row);
 */
export class KeyedState<S> {
  readonly store: InMemoryStateStore<unknown, S>;
  readonly keys = new ValueKeys();
  readonly late: LateRows;
  updated = 0;
  removed = 0;
  private readonly name: string;

  constructor(operatorId: number, name: string) {
    this.name = name;
    this.late = new LateRows(name);
    this.store = new InMemoryStateStore(operatorId);
  }

  /** Resets the per-batch counters (call at the start of `execute`). */
  startBatch(): void {
    this.late.reset();
    this.updated = 0;
    this.removed = 0;
  }

  /**
   * This batch's rows grouped by key (first-seen order), each mapped by `entry`. With a
   * `timeField`, rows with an invalid event time are reported and rows at or behind the watermark
   * are dropped as late; rows whose key is not a value are reported.
   */
  keyRows<V>(rows: readonly unknown[], ctx: BatchContext, opts: KeyRowsOptions, entry: (row: unknown, eventTimeMs: number) => V): Map<unknown, V[]> {
    const byKey = new Map<unknown, V[]>();
    const { keyFn, timeField } = opts;
    const wm = ctx.lateWatermarkMs; // late input: the previous batch's watermark (Spark 3.4+)
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      let t = NaN;
      if (timeField !== undefined) {
        const v = (row as Record<string, unknown>)[timeField];
        t = typeof v === 'number' ? v : toEpochMs(v);
        if (t !== t) {
          ctx.reportInvalid(row, eventTimeProblem(timeField, v), this.name);
          continue;
        }
        if (t <= wm) {
          this.late.drop(ctx, opts.eventTime, row, t, wm, t);
          continue;
        }
      }
      const raw = keyFn(row);
      const key = this.keys.of(raw);
      if (key === undefined) {
        ctx.reportInvalid(
          row,
          `groupByKey: the key must be a string, number, boolean, bigint or an array of them, got ${JSON.stringify(raw) ?? String(raw)}`,
          this.name,
        );
        continue;
      }
      const list = byKey.get(key);
      if (list === undefined) byKey.set(key, [entry(row, t)]);
      else list.push(entry(row, t));
    }
    return byKey;
  }

  /** Removes `key`'s state and counts the removal. */
  remove(key: unknown): void {
    this.store.remove(key);
    this.keys.forget(key);
    this.removed += 1;
  }

  /** Stores `key`'s new state and counts the update. */
  put(key: unknown, value: S): void {
    this.store.put(key, value);
    this.updated += 1;
  }

  progress(operatorName: string): StateOperatorProgress {
    const m = this.store.metrics();
    return {
      operatorName,
      numRowsTotal: m.numRowsTotal,
      numRowsUpdated: this.updated,
      numRowsRemoved: this.removed,
      numRowsDroppedByWatermark: this.late.dropped,
      memoryUsedBytes: m.memoryUsedBytes,
      numLateRowsRouted: this.late.routed,
    };
  }

  snapshot(operatorId: number): StateSnapshot {
    const s = this.store.snapshot();
    return { operatorId, version: s.version, entries: s.entries };
  }

  stateChanges(): StateChanges {
    const d = this.store.lastDelta();
    return { updated: d.updated, removed: d.removed };
  }

  /** Restores a snapshot, re-interning its keys and mapping each stored value by `value`; returns the entries. */
  restore(snapshot: StateSnapshot, value: (stored: S) => S): [unknown, S][] {
    const entries = (snapshot.entries as [unknown, S][]).map(([k, s]): [unknown, S] => [this.keys.of(k), value(s)]);
    this.store.restore({ version: snapshot.version, entries });
    return entries;
  }
}
