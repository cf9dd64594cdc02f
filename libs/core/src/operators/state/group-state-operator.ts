/**
 * The (flat)MapGroupsWithState operator: per batch, groups the rows by key, calls the function
 * once per key with data (in first-seen order), then once per key whose timeout expired
 * (processing time: timeout < batch time; event time: timeout < watermark), as Spark does.
 * State lives in an `InMemoryStateStore<key, { s, t }>` (state, timeout timestamp).
 */
import { StreamlabError } from '../../errors.js';
import type { BatchContext } from '../../exec/batch-context.js';
import type { PhysicalOperator, StateChanges, StatefulOperator, StateSnapshot } from '../../exec/operator.js';
import type { EventTimeColumn } from '../../plan/node.js';
import type { StateOperatorProgress } from '../../progress.js';
import { InMemoryStateStore } from '../../state/memory-store.js';
import { eventTimeProblem, toEpochMs } from '../../time/event-time.js';
import { GroupStateImpl, NO_TIMESTAMP, type GroupStateTimeout } from './group-state.js';
import type { GroupsFn } from './group-state-node.js';
import { ValueKeys } from './support/keys.js';
import { LateRows } from './support/late.js';

/** One key's stored state: the user state (if any) and its timeout (`NO_TIMESTAMP` if none). */
interface Entry {
  readonly s: unknown;
  readonly t: number;
}

export interface GroupStateOperatorConfig {
  operatorId: number;
  child: PhysicalOperator;
  keyFn: (row: unknown) => unknown;
  fn: GroupsFn;
  isMap: boolean;
  timeout: GroupStateTimeout;
  timeField: string | undefined;
  eventTime: EventTimeColumn | undefined;
}

export class GroupStateOperator implements PhysicalOperator, StatefulOperator {
  readonly name: string;
  readonly operatorName = 'flatMapGroupsWithState';
  readonly operatorId: number;
  readonly store: InMemoryStateStore<unknown, Entry>;
  private readonly cfg: GroupStateOperatorConfig;
  private readonly keys = new ValueKeys();
  private readonly late: LateRows;
  private updated = 0;
  private removed = 0;

  constructor(cfg: GroupStateOperatorConfig) {
    this.cfg = cfg;
    this.operatorId = cfg.operatorId;
    this.name = cfg.isMap ? 'mapGroupsWithState' : 'flatMapGroupsWithState';
    this.late = new LateRows(this.name);
    this.store = new InMemoryStateStore(cfg.operatorId);
  }

  execute(ctx: BatchContext): unknown[] {
    const rows = this.cfg.child.execute(ctx);
    this.late.reset();
    this.updated = 0;
    this.removed = 0;
    const groups = this.group(rows, ctx);
    const out: unknown[] = [];
    const watermarkMs = this.cfg.timeField === undefined ? undefined : ctx.watermarkMs;
    for (const [key, values] of groups) this.call(key, values, false, ctx, watermarkMs, out);
    const threshold = this.threshold(ctx.watermarkMs, ctx.batchTimestampMs);
    if (threshold !== undefined) {
      const expired: unknown[] = [];
      for (const [key, e] of this.store.entries()) {
        if (e.t !== NO_TIMESTAMP && e.t < threshold && !groups.has(key)) expired.push(key);
      }
      for (const key of expired) this.call(key, [], true, ctx, watermarkMs, out);
    }
    return out;
  }

  /** Groups the batch by key (first-seen order), dropping late rows under an event-time timeout. */
  private group(rows: readonly unknown[], ctx: BatchContext): Map<unknown, unknown[]> {
    const groups = new Map<unknown, unknown[]>();
    const { keyFn, timeField, timeout } = this.cfg;
    const dropLate = timeout === 'eventTime' && timeField !== undefined;
    const wm = ctx.watermarkMs;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (dropLate) {
        const v = (row as Record<string, unknown>)[timeField];
        const t = typeof v === 'number' ? v : toEpochMs(v);
        if (t !== t) {
          ctx.reportInvalid(row, eventTimeProblem(timeField, v), this.name);
          continue;
        }
        if (t <= wm) {
          this.late.drop(ctx, this.cfg.eventTime, row, t, wm, t);
          continue;
        }
      }
      const raw = keyFn(row);
      const key = this.keys.of(raw);
      if (key === undefined) {
        ctx.reportInvalid(row, `groupByKey: the key must be a string, number, boolean, bigint or an array of them, got ${JSON.stringify(raw) ?? String(raw)}`, this.name);
        continue;
      }
      const list = groups.get(key);
      if (list === undefined) groups.set(key, [row]);
      else list.push(row);
    }
    return groups;
  }

  private threshold(watermarkMs: number, batchTimestampMs: number): number | undefined {
    if (this.cfg.timeout === 'processingTime') return batchTimestampMs;
    if (this.cfg.timeout === 'eventTime' && this.cfg.timeField !== undefined) return watermarkMs;
    return undefined;
  }

  private call(key: unknown, values: unknown[], timedOut: boolean, ctx: BatchContext, watermarkMs: number | undefined, out: unknown[]): void {
    const old = this.store.get(key);
    const state = new GroupStateImpl<unknown>({
      state: old?.s,
      timeout: this.cfg.timeout,
      batchTimestampMs: ctx.batchTimestampMs,
      watermarkMs,
      hasTimedOut: timedOut,
    });
    const result = this.cfg.fn(key, values, state);
    if (result === null || result === undefined || typeof (result as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw new StreamlabError('BAD_GROUPS_RESULT', `the flatMapGroupsWithState function returned ${String(result)} for key ${JSON.stringify(key)}, not rows`, {
        value: result,
        hint: 'return an array (or any iterable) of output rows, [] for none',
      });
    }
    for (const r of result) out.push(r);
    const t = state.getTimeoutTimestampMs() ?? NO_TIMESTAMP;
    if (!state.exists && t === NO_TIMESTAMP) {
      if (old !== undefined) {
        this.store.remove(key);
        this.keys.forget(key);
        this.updated += 1;
        this.removed += 1;
      }
      return;
    }
    if (old === undefined || state.isUpdated || state.isRemoved || old.t !== t) {
      this.store.put(key, { s: state.exists ? state.get() : undefined, t });
      this.updated += 1;
    }
  }

  needsNoDataBatch(nextWatermarkMs: number, nextBatchTimestampMs: number): boolean {
    const threshold = this.threshold(nextWatermarkMs, nextBatchTimestampMs);
    if (threshold === undefined) return false;
    for (const [, e] of this.store.entries()) if (e.t !== NO_TIMESTAMP && e.t < threshold) return true;
    return false;
  }

  /**
   * Whether a processing-time timeout is due at `nowMs` although the watermark did not move (the
   * runner hook proposed in operators/HOOKS-NEEDED.md, item 1).
   */
  needsNoDataBatchOnTime(nowMs: number): boolean {
    if (this.cfg.timeout !== 'processingTime') return false;
    for (const [, e] of this.store.entries()) if (e.t !== NO_TIMESTAMP && e.t < nowMs) return true;
    return false;
  }

  progress(): StateOperatorProgress {
    const m = this.store.metrics();
    return {
      operatorName: this.operatorName,
      numRowsTotal: m.numRowsTotal,
      numRowsUpdated: this.updated,
      numRowsRemoved: this.removed,
      numRowsDroppedByWatermark: this.late.dropped,
      memoryUsedBytes: m.memoryUsedBytes,
      numLateRowsRouted: this.late.routed,
    };
  }

  commit(_batchId: number): void {
    this.store.commit();
  }

  snapshot(): StateSnapshot {
    const s = this.store.snapshot();
    return { operatorId: this.operatorId, version: s.version, entries: s.entries };
  }

  /** The changes of the last committed batch, for delta checkpoints (`[key, { s, t }]`). */
  stateChanges(): StateChanges {
    const d = this.store.lastDelta();
    return { updated: d.updated, removed: d.removed };
  }

  restore(snapshot: StateSnapshot): void {
    const entries = (snapshot.entries as [unknown, Entry][]).map(([k, e]): [unknown, Entry] => [this.keys.of(k), { s: e.s === null ? undefined : e.s, t: e.t }]);
    this.store.restore({ version: snapshot.version, entries });
  }
}
