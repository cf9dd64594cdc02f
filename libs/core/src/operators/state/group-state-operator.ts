/**
 * The (flat)MapGroupsWithState operator: per batch, groups the rows by key, calls the function
 * once per key with data (in first-seen order), then once per key whose timeout expired
 * (processing time: timeout < batch time; event time: timeout < watermark), as Spark does.
 * State lives in an `InMemoryStateStore<key, { s, t }>` (state, timeout timestamp).
 */
import { StreamlabError } from '../../errors.js';
import type { BatchContext } from '../../exec/batch-context.js';
import type { PhysicalOperator, StateSnapshot } from '../../exec/operator.js';
import type { EventTimeColumn } from '../../plan/node.js';
import { GroupStateImpl, NO_TIMESTAMP, type GroupState, type GroupStateTimeout } from './group-state.js';
import { KeyedStateOperator } from './support/keyed-state-operator.js';

/** One key's stored state: the user state (if any) and its timeout (`NO_TIMESTAMP` if none). */
interface Entry {
  readonly s: unknown;
  readonly t: number;
}

/** The user function, normalised: values of one key in, rows out. */
export type GroupsFn = (key: unknown, values: unknown[], state: GroupState<unknown>) => Iterable<unknown>;

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

export class GroupStateOperator extends KeyedStateOperator<Entry> {
  readonly name: string;
  readonly operatorName = 'flatMapGroupsWithState';
  private readonly cfg: GroupStateOperatorConfig;

  constructor(cfg: GroupStateOperatorConfig) {
    const name = cfg.isMap ? 'mapGroupsWithState' : 'flatMapGroupsWithState';
    super(cfg.operatorId, name);
    this.cfg = cfg;
    this.name = name;
  }

  execute(ctx: BatchContext): unknown[] {
    const rows = this.cfg.child.execute(ctx);
    this.state.startBatch();
    const { keyFn, timeField, timeout, eventTime } = this.cfg;
    const dropLate = timeout === 'eventTime' && timeField !== undefined;
    const groups = this.state.keyRows(rows, ctx, { keyFn, timeField: dropLate ? timeField : undefined, eventTime }, (row) => row);
    const out: unknown[] = [];
    const watermarkMs = timeField === undefined ? undefined : ctx.watermarkMs;
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
        this.state.remove(key);
        this.state.updated += 1;
      }
      return;
    }
    if (old === undefined || state.isUpdated || state.isRemoved || old.t !== t) {
      this.state.put(key, { s: state.exists ? state.get() : undefined, t });
    }
  }

  runsNoDataBatchOnWatermark(): boolean {
    return this.cfg.timeout === 'eventTime'; // FlatMapGroupsWithStateExec: event-time timeout
  }

  needsNoDataBatch(nextWatermarkMs: number, nextBatchTimestampMs: number): boolean {
    const threshold = this.threshold(nextWatermarkMs, nextBatchTimestampMs);
    if (threshold === undefined) return false;
    for (const [, e] of this.store.entries()) if (e.t !== NO_TIMESTAMP && e.t < threshold) return true;
    return false;
  }

  /**
   * Whether a processing-time timeout is due at `nowMs` although the watermark did not move (the
   * runner asks this when the watermark did not move).
   */
  needsNoDataBatchOnTime(nowMs: number): boolean {
    if (this.cfg.timeout !== 'processingTime') return false;
    for (const [, e] of this.store.entries()) if (e.t !== NO_TIMESTAMP && e.t < nowMs) return true;
    return false;
  }

  restore(snapshot: StateSnapshot): void {
    this.state.restore(snapshot, (e) => ({ s: e.s === null ? undefined : e.s, t: e.t }));
  }
}
