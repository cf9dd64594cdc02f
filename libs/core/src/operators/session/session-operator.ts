/**
 * The session-window aggregation (Spark's SessionWindowStateStoreRestore/Save + MergingSessions).
 * State: a specialised session table (group key → sessions, changed in place, deltas tracked per
 * batch), like the window aggregation's hot-path table. Per batch: rows whose session would end at or
 * before the watermark are late; the others open `[ts, ts + gap)` and merge into their key's
 * sessions; then, per output mode:
 * - append: sessions with `end <= watermark` are emitted once and evicted;
 * - update (our extension): sessions changed in this batch are emitted, and earlier rows of the
 *   sessions they replaced (merged or extended) are retracted through `ctx.retract`; sessions
 *   the watermark passed are evicted without being emitted again;
 * - complete: every session, every batch; nothing is evicted or dropped.
 */
import type { AggregateSpec } from '../../aggregates/aggregate.js';
import type { BatchContext } from '../../exec/batch-context.js';
import type { PhysicalOperator, StateChanges, StatefulOperator, StateSnapshot } from '../../exec/operator.js';
import type { EventTimeColumn } from '../../plan/node.js';
import type { OutputMode } from '../../ports.js';
import type { StateOperatorProgress } from '../../progress.js';
import { parseDuration } from '../../duration.js';
import { eventTimeProblem, toEpochMs } from '../../time/event-time.js';
import { RowKeys } from '../state/support/keys.js';
import { LateRows } from '../state/support/late.js';
import { addRow, inlineOps, numericTemplate, type Fn } from './session-list.js';
import { CHANGED_AT, EMITTED_END, EMITTED_START, END, KeySessions, SessionTable, START, STRIDE } from './session-table.js';
import type { SessionWindowSpec } from './session-window.js';

export interface SessionOperatorConfig {
  operatorId: number;
  child: PhysicalOperator;
  keys: readonly string[];
  aggs: readonly (readonly [string, AggregateSpec])[];
  eventTime: EventTimeColumn | undefined;
  spec: SessionWindowSpec;
}

type Row = Record<string, unknown>;
/** A session as stored in snapshots: `[start, end, buffers, emittedStart, emittedEnd]`. */
type SessionJson = [number, number, unknown[], number | null, number | null];

export class SessionOperator implements PhysicalOperator, StatefulOperator {
  readonly name = 'sessionWindowStateStoreSave';
  readonly operatorName = 'sessionWindowStateStoreSave';
  readonly operatorId: number;
  readonly table: SessionTable;
  private readonly cfg: SessionOperatorConfig;
  private readonly keys: RowKeys;
  private readonly fns: readonly Fn[];
  private readonly fields: readonly (string | undefined)[];
  private readonly names: readonly string[];
  private readonly inline: Uint8Array;
  /** Initial buffers when they are all numbers (see `numericTemplate`). */
  private readonly template: readonly number[] | undefined;
  private readonly late: LateRows;
  private mode: OutputMode = 'append';
  /** Smallest session end in state (a lower bound): eviction scans are skipped until the watermark reaches it. */
  private minEnd = Infinity;
  private updated = 0;
  private removed = 0;

  constructor(cfg: SessionOperatorConfig) {
    this.cfg = cfg;
    this.operatorId = cfg.operatorId;
    this.keys = new RowKeys(cfg.keys);
    this.fns = cfg.aggs.map(([, a]) => a.fn as Fn);
    this.fields = cfg.aggs.map(([, a]) => a.field);
    this.names = cfg.aggs.map(([n]) => n);
    this.inline = inlineOps(this.fns);
    this.template = numericTemplate(this.fns);
    this.table = new SessionTable(this.template !== undefined);
    this.late = new LateRows(this.operatorName);
  }

  execute(ctx: BatchContext): unknown[] {
    const rows = this.cfg.child.execute(ctx) as Row[];
    this.mode = ctx.outputMode;
    this.late.reset();
    this.updated = 0;
    this.removed = 0;
    const useWatermark = this.cfg.eventTime !== undefined && ctx.outputMode !== 'complete';
    const stamp = ctx.batchId + 1;
    const touchedFrom = this.table.touched.length;
    this.ingest(rows, ctx, useWatermark, stamp);
    const out: unknown[] = [];
    if (ctx.outputMode === 'update') {
      const touched = this.table.touched;
      const wmForUpdate = useWatermark ? ctx.watermarkMs : -Infinity;
      for (let i = touchedFrom; i < touched.length; i++) this.emitChanged(touched[i]!.key, touched[i]!, wmForUpdate, stamp, ctx, out);
    }
    if (ctx.outputMode === 'complete') {
      for (const [key, e] of this.table.byKey) for (let s = 0; s < e.n; s++) out.push(this.toRow(key, e, s));
    } else if (useWatermark && this.minEnd <= ctx.watermarkMs) {
      this.evict(ctx.watermarkMs, stamp, ctx.outputMode === 'append' ? out : undefined);
    }
    return out;
  }

  /** Merges the batch's rows into their keys' sessions. */
  private ingest(rows: Row[], ctx: BatchContext, useWatermark: boolean, stamp: number): void {
    const { spec } = this.cfg;
    const tf = spec.timeColumn;
    const wm = ctx.watermarkMs;
    const fns = this.fns;
    const fields = this.fields;
    const table = this.table;
    const fixedGap = spec.gapMs;
    const keyField = this.keys.single;
    const byKey = table.byKey;
    const inline = this.inline;
    const template = this.template;
    let sessions = table.sessions;
    let updated = 0;
    // a lower bound of every new or extended session's end (each is >= the end of a row in it)
    let minEnd = this.minEnd;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const v = row[tf];
      const t = typeof v === 'number' ? v : toEpochMs(v);
      if (t !== t) {
        ctx.reportInvalid(row, eventTimeProblem(tf, v), this.name);
        continue;
      }
      const gap = fixedGap ?? this.dynamicGap(row, ctx);
      if (!(gap > 0)) continue;
      const end = t + gap;
      if (useWatermark && end <= wm) {
        this.late.drop(ctx, this.cfg.eventTime, row, t, wm, end);
        continue;
      }
      const key = keyField !== undefined ? row[keyField] : this.keys.of(row);
      let e = byKey.get(key);
      if (e === undefined) e = table.touch(key, stamp);
      else if (e.stamp !== stamp) table.mark(e, stamp);
      const before = e.n;
      updated += addRow(e, t, end, row, fields, fns, inline, stamp, template);
      sessions += e.n - before;
      if (end < minEnd) minEnd = end;
    }
    table.sessions = sessions;
    this.updated = updated;
    this.minEnd = minEnd;
  }

  private dynamicGap(row: Row, ctx: BatchContext): number {
    const g = this.cfg.spec.gapOf!(row as never);
    if (typeof g === 'number') return g;
    // a negative duration is a gap <= 0: the row is dropped (not bad input), as in Spark
    if (typeof g === 'string' && g.trim().startsWith('-')) return 0;
    try {
      return parseDuration(g, 'session gap');
    } catch (e) {
      ctx.reportInvalid(row, (e as Error).message, this.name);
      return 0;
    }
  }

  private emitChanged(key: unknown, e: KeySessions, wm: number, stamp: number, ctx: BatchContext, out: unknown[]): void {
    const t = e.t;
    for (let s = 0; s < e.n; s++) {
      const p = s * STRIDE;
      if (t[p + CHANGED_AT] !== stamp) continue;
      const es = t[p + EMITTED_START]!;
      const ee = t[p + EMITTED_END]!;
      if (es === es && (es !== t[p + START] || ee !== t[p + END])) ctx.retract(this.keyRow(key, es, ee));
      const replaced = e.r?.[s];
      if (replaced !== undefined) {
        for (const [a, b] of replaced) ctx.retract(this.keyRow(key, a, b));
        e.r![s] = undefined;
      }
      if (t[p + END]! <= wm) continue;
      out.push(this.toRow(key, e, s));
      t[p + EMITTED_START] = t[p + START]!;
      t[p + EMITTED_END] = t[p + END]!;
    }
  }

  /** Removes sessions with `end <= wm` (emitting them into `out` in append mode). */
  private evict(wm: number, stamp: number, out: unknown[] | undefined): void {
    const table = this.table;
    const width = this.fns.length;
    const emptied: unknown[] = [];
    let minEnd = Infinity;
    for (const [key, e] of table.byKey) {
      const { t, b, r, n } = e;
      let keep = 0;
      for (let s = 0; s < n; s++) {
        const p = s * STRIDE;
        const end = t[p + END]!;
        if (end > wm) {
          if (end < minEnd) minEnd = end;
          if (keep !== s) {
            const q = keep * STRIDE;
            for (let x = 0; x < STRIDE; x++) t[q + x] = t[p + x]!;
            for (let j = 0; j < width; j++) b[keep * width + j] = b[s * width + j];
            if (r !== undefined) r[keep] = r[s];
          }
          keep++;
        } else if (out !== undefined) out.push(this.toRow(key, e, s));
      }
      if (keep === n) continue;
      this.removed += n - keep;
      table.sessions -= n - keep;
      e.n = keep;
      t.length = keep * STRIDE;
      b.length = keep * width;
      if (r !== undefined) r.length = keep;
      if (keep === 0) emptied.push(key);
      else table.mark(e, stamp);
    }
    for (const key of emptied) {
      table.remove(key);
      this.keys.forget(key);
    }
    this.minEnd = minEnd;
  }

  private keyRow(key: unknown, start: number, end: number): Row {
    const o: Row = { session_window: { start, end } };
    this.keys.write(key, o);
    return o;
  }

  /** The output row of session `s` of `e`. */
  private toRow(key: unknown, e: KeySessions, s: number): Row {
    const o = this.keyRow(key, e.t[s * STRIDE + START]!, e.t[s * STRIDE + END]!);
    const base = s * this.fns.length;
    for (let j = 0; j < this.fns.length; j++) o[this.names[j]!] = this.fns[j]!.result(e.b[base + j]);
    return o;
  }

  needsNoDataBatch(nextWatermarkMs: number): boolean {
    return this.cfg.eventTime !== undefined && this.mode !== 'complete' && this.table.sessions > 0 && this.minEnd <= nextWatermarkMs;
  }

  progress(): StateOperatorProgress {
    return {
      operatorName: this.operatorName,
      numRowsTotal: this.table.sessions,
      numRowsUpdated: this.updated,
      numRowsRemoved: this.removed,
      numRowsDroppedByWatermark: this.late.dropped,
      memoryUsedBytes: this.table.byKey.size * 64 + this.table.sessions * (48 + 16 * this.fns.length),
      numLateRowsRouted: this.late.routed,
    };
  }

  commit(_batchId: number): void {
    this.table.commit();
  }

  private encode(e: KeySessions): SessionJson[] {
    const out: SessionJson[] = [];
    const width = this.fns.length;
    for (let s = 0; s < e.n; s++) {
      const p = s * STRIDE;
      const es = e.t[p + EMITTED_START]!;
      const ee = e.t[p + EMITTED_END]!;
      out.push([
        e.t[p + START]!,
        e.t[p + END]!,
        this.fns.map((f, j) => (f.toJSON ? f.toJSON(e.b[s * width + j]) : e.b[s * width + j])),
        es === es ? es : null,
        ee === ee ? ee : null,
      ]);
    }
    return out;
  }

  snapshot(): StateSnapshot {
    const entries: [unknown, SessionJson[]][] = [];
    for (const [k, e] of this.table.byKey) entries.push([k, this.encode(e)]);
    return { operatorId: this.operatorId, version: 0, entries };
  }

  /** The changes of the last committed batch, for delta checkpoints (`[key, sessions]`, removed keys). */
  stateChanges(): StateChanges {
    const { touched, removed } = this.table.committed;
    const updated: [unknown, SessionJson[]][] = [];
    for (const e of touched) if (this.table.byKey.get(e.key) === e) updated.push([e.key, this.encode(e)]);
    return { updated, removed: removed.filter((k) => !this.table.byKey.has(k)) };
  }

  restore(snapshot: StateSnapshot): void {
    this.table.clear();
    let minEnd = Infinity;
    for (const [k, list] of snapshot.entries as [unknown, SessionJson[]][]) {
      const key = this.keys.reintern(k);
      const e = new KeySessions(key, 0, this.table.numeric);
      for (const [start, end, bufs, es, ee] of list) {
        if (end < minEnd) minEnd = end;
        e.t.push(start, end, es ?? Number.NaN, ee ?? Number.NaN, 0);
        this.fns.forEach((f, j) => e.b.push(f.fromJSON ? f.fromJSON(bufs[j]) : bufs[j]));
      }
      e.n = list.length;
      this.table.byKey.set(key, e);
      this.table.sessions += list.length;
    }
    this.minEnd = minEnd;
  }
}
