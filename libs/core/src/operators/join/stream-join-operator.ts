/**
 * The stream-stream join (Spark's StreamingSymmetricHashJoinExec): inner, left/right/full outer or
 * left semi, with an
 * optional event-time range condition. Per batch: rows behind the query watermark are late; each
 * new left row joins the right state, is added to the left state; each new right row joins the
 * left state (new left rows included, so new-new pairs join once) and is added to the right state.
 * Then the watermark evicts what can no longer match (left rows with `t + max < watermark`, right
 * rows with `t - min < watermark`); an evicted row that never matched is the outer row of an outer
 * join on its side (left rows for left/full outer, right rows for right/full outer), emitted then
 * and only then. A left semi join emits a left row once, at its first match.
 */
import type { BatchContext } from '../../exec/batch-context.js';
import type { PhysicalOperator, StateChanges, StatefulOperator, StateSnapshot } from '../../exec/operator.js';
import type { EventTimeColumn } from '../../plan/node.js';
import type { StateOperatorProgress } from '../../progress.js';
import { eventTimeProblem, toEpochMs } from '../../time/event-time.js';
import { LateRows } from '../state/support/late.js';
import { joined, leftOnly, rightOnly, type JoinKeys, type JoinType } from './join-spec.js';
import { JoinSide, type JoinEntry } from './join-side.js';
import type { ResolvedTimeRange } from './time-range.js';

type Row = Record<string, unknown>;

export interface StreamJoinOperatorConfig {
  operatorId: number;
  left: PhysicalOperator;
  right: PhysicalOperator;
  keys: JoinKeys;
  how: JoinType;
  range: ResolvedTimeRange | undefined;
  /** Each side's column names when known (a schema): the null columns of outer rows before that side had rows. */
  leftColumns?: readonly string[] | undefined;
  rightColumns?: readonly string[] | undefined;
  /** The event-time columns (watermarked) of each side, if any. */
  leftTime: { field: string; column: EventTimeColumn | undefined } | undefined;
  rightTime: { field: string; column: EventTimeColumn | undefined } | undefined;
  /** The only columns of each side's rows kept in state (`undefined`: all): what is read above the join, its keys and event times. */
  leftKeep?: readonly string[] | undefined;
  rightKeep?: readonly string[] | undefined;
}

export class StreamJoinOperator implements PhysicalOperator, StatefulOperator {
  readonly name = 'symmetricHashJoin';
  readonly operatorName = 'symmetricHashJoin';
  readonly operatorId: number;
  private readonly cfg: StreamJoinOperatorConfig;
  private readonly leftSide: JoinSide;
  private readonly rightSide: JoinSide;
  private readonly late: LateRows;
  private removed = 0;

  constructor(cfg: StreamJoinOperatorConfig) {
    this.cfg = cfg;
    this.operatorId = cfg.operatorId;
    this.leftSide = new JoinSide(cfg.operatorId, cfg.keys.left, cfg.leftKeep);
    this.rightSide = new JoinSide(cfg.operatorId, cfg.keys.right, cfg.rightKeep);
    for (const c of cfg.leftColumns ?? []) this.leftSide.columns.add(c);
    for (const c of cfg.rightColumns ?? []) this.rightSide.columns.add(c);
    this.late = new LateRows(this.operatorName);
  }

  execute(ctx: BatchContext): unknown[] {
    const leftRows = this.cfg.left.execute(ctx) as Row[];
    const rightRows = this.cfg.right.execute(ctx) as Row[];
    this.late.reset();
    this.removed = 0;
    this.leftSide.added = 0;
    this.rightSide.added = 0;
    const out: unknown[] = [];
    const { keys, range, leftTime, rightTime } = this.cfg;
    const wm = ctx.watermarkMs;
    const lateWm = ctx.lateWatermarkMs; // late input: the previous batch's watermark (Spark 3.4+); eviction: this batch's
    const semi = this.cfg.how === 'leftSemi';
    const trackRight = this.cfg.how === 'rightOuter' || this.cfg.how === 'fullOuter';
    // whether a left row's `matched` is ever read: by outer joins (the left-only rows at eviction) and semi (emit once).
    // An inner join skips marking, which would rewrite the row in the state and its checkpoint delta.
    const trackLeft = semi || this.cfg.how === 'leftOuter' || this.cfg.how === 'fullOuter';
    for (const l of leftRows) {
      const t = this.eventTime(l, leftTime, ctx, lateWm);
      if (t === undefined) continue;
      const matches = this.rightSide.lookup(l, keys.left);
      let matched = false;
      if (matches !== undefined) {
        const hits: JoinEntry[] = [];
        for (const r of matches) {
          if (range !== undefined && !(r.t >= t + range.minMs && r.t <= t + range.maxMs)) continue;
          if (semi) {
            // left semi: the left row once, at its first match
            if (!matched) out.push(l);
          } else out.push(joined(l, r.row));
          matched = true;
          if (trackRight) hits.push(r);
        }
        for (const r of hits) this.rightSide.markMatched(r);
      }
      this.leftSide.add(l, t, matched);
    }
    for (const r of rightRows) {
      const t = this.eventTime(r, rightTime, ctx, lateWm);
      if (t === undefined) continue;
      const matches = this.leftSide.lookup(r, keys.right);
      let matched = false;
      if (matches !== undefined) {
        const hits: JoinEntry[] = [];
        for (const l of matches) {
          if (range !== undefined && !(t >= l.t + range.minMs && t <= l.t + range.maxMs)) continue;
          matched = true;
          if (semi) {
            if (l.matched) continue; // emitted already
            out.push(l.row);
          } else out.push(joined(l.row, r));
          if (trackLeft) hits.push(l);
        }
        for (const l of hits) this.leftSide.markMatched(l);
      }
      this.rightSide.add(r, t, matched);
    }
    this.evict(wm, out);
    return out;
  }

  /** The row's event time, or `undefined` when it is invalid or late (routed either way). */
  private eventTime(row: Row, time: StreamJoinOperatorConfig['leftTime'], ctx: BatchContext, wm: number): number | undefined {
    if (time === undefined) return 0;
    const v = row[time.field];
    const t = typeof v === 'number' ? v : toEpochMs(v);
    if (t !== t) {
      ctx.reportInvalid(row, eventTimeProblem(time.field, v), this.name);
      return undefined;
    }
    if (time.column !== undefined && t <= wm) {
      this.late.drop(ctx, time.column, row, t, wm, t);
      return undefined;
    }
    return t;
  }

  private evict(wm: number, out: unknown[]): void {
    const range = this.cfg.range;
    if (range === undefined || this.cfg.leftTime?.column === undefined || this.cfg.rightTime?.column === undefined) return;
    const goneLeft = this.leftSide.evictBefore(wm - range.maxMs);
    const goneRight = this.rightSide.evictBefore(wm + range.minMs);
    this.removed += goneLeft.length + goneRight.length;
    const how = this.cfg.how;
    if (how === 'leftOuter' || how === 'fullOuter') {
      const cols = [...this.rightSide.columns];
      for (const e of goneLeft) if (!e.matched) out.push(leftOnly(e.row, cols));
    }
    if (how === 'rightOuter' || how === 'fullOuter') {
      const cols = [...this.leftSide.columns];
      for (const e of goneRight) if (!e.matched) out.push(rightOnly(e.row, cols));
    }
  }

  runsNoDataBatchOnWatermark(): boolean {
    // StreamingSymmetricHashJoinExec: when the watermark cleans state (a time range on watermarked sides)
    return this.cfg.range !== undefined && this.cfg.leftTime?.column !== undefined && this.cfg.rightTime?.column !== undefined;
  }

  needsNoDataBatch(nextWatermarkMs: number): boolean {
    const range = this.cfg.range;
    if (range === undefined) return false;
    return this.leftSide.minT < nextWatermarkMs - range.maxMs || this.rightSide.minT < nextWatermarkMs + range.minMs;
  }

  progress(): StateOperatorProgress {
    const l = this.leftSide.store.metrics();
    const r = this.rightSide.store.metrics();
    return {
      operatorName: this.operatorName,
      numRowsTotal: l.numRowsTotal + r.numRowsTotal,
      numRowsUpdated: this.leftSide.added + this.rightSide.added,
      numRowsRemoved: this.removed,
      numRowsDroppedByWatermark: this.late.dropped,
      memoryUsedBytes: l.memoryUsedBytes + r.memoryUsedBytes,
      numLateRowsRouted: this.late.routed,
    };
  }

  commit(_batchId: number): void {
    this.leftSide.store.commit();
    this.rightSide.store.commit();
  }

  snapshot(): StateSnapshot {
    const entries: unknown[] = [];
    for (const [side, s] of [
      ['left', this.leftSide],
      ['right', this.rightSide],
    ] as const) {
      s.store.forEach((e) => entries.push([[side, e.id], entryValue(e)]));
    }
    return {
      operatorId: this.operatorId,
      version: this.leftSide.store.version,
      entries,
      meta: { leftColumns: [...this.leftSide.columns], rightColumns: [...this.rightSide.columns] },
    };
  }

  /**
   * What the last committed batch changed: rows buffered or marked matched, rows evicted (keys as
   * in `snapshot()`: `[side, rowId]`). A checkpoint then writes a delta per batch and a snapshot
   * only every `snapshotEvery` batches, instead of both sides' whole buffer every batch.
   */
  stateChanges(): StateChanges {
    const updated: [unknown, unknown][] = [];
    const removed: unknown[] = [];
    for (const [side, s] of [
      ['left', this.leftSide],
      ['right', this.rightSide],
    ] as const) {
      const d = s.store.lastDelta();
      for (const [id, e] of d.updated) updated.push([[side, id], entryValue(e)]);
      for (const id of d.removed) removed.push([side, id]);
    }
    return { updated, removed, meta: { leftColumns: [...this.leftSide.columns], rightColumns: [...this.rightSide.columns] } };
  }

  restore(snapshot: StateSnapshot): void {
    const left: JoinEntry[] = [];
    const right: JoinEntry[] = [];
    for (const [[side, id], v] of snapshot.entries as [[string, number], StoredEntry][]) (side === 'left' ? left : right).push(entryOf(id, v));
    const meta = snapshot.meta as { leftColumns?: string[]; rightColumns?: string[] } | undefined;
    this.leftSide.restore(snapshot.version, left, meta?.leftColumns ?? []);
    this.rightSide.restore(snapshot.version, right, meta?.rightColumns ?? []);
  }
}

/**
 * A buffered row as written to the checkpoint: `[t, row]`, or `[t, row, true]` once it found a
 * partner (outer and semi joins); its id is the key. Up to the 2026-12 state files it was the whole
 * entry, `{ id, row, t, matched }`, which restore still reads: 30 % more bytes and four more
 * properties for `JSON.stringify` per row, for nothing the key did not hold.
 */
type StoredEntry = readonly [t: number, row: Record<string, unknown>, matched?: true] | JoinEntry;

function entryValue(e: JoinEntry): StoredEntry {
  return e.matched ? [e.t, e.row, true] : [e.t, e.row];
}

function entryOf(id: number, v: StoredEntry): JoinEntry {
  if (!Array.isArray(v)) return v as JoinEntry;
  const [t, row, matched] = v as readonly [number, Record<string, unknown>, true?];
  return { id, row, t, matched: matched === true };
}
