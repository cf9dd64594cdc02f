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
import { encodeSessions, restoreSessions, type SessionJson } from './session-codec.js';
import { addRow, allNumeric, inlineOps, type Fn } from './session-list.js';
import { BUFS, CHANGED_AT, EMITTED_END, EMITTED_START, END, HEADER, INLINE, N, REPLACED, SessionTable, SPILLED, START, STAMP } from './session-table.js';
import type { SessionWindowSpec } from './session-window-spec.js';

export interface SessionOperatorConfig {
  operatorId: number;
  child: PhysicalOperator;
  keys: readonly string[];
  aggs: readonly (readonly [string, AggregateSpec])[];
  eventTime: EventTimeColumn | undefined;
  spec: SessionWindowSpec;
}

type Row = Record<string, unknown>;

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
  private readonly late: LateRows;
  private mode: OutputMode = 'append';
  /** Smallest session end in state (a lower bound): eviction scans are skipped until the watermark reaches it. */
  private minEnd = Infinity;
  private updated = 0;
  private removed = 0;
  /** Per row of the batch in progress: its slot (-1: skipped), session start and end. */
  private slotOf = new Int32Array(0);
  private startOf = new Float64Array(0);
  private endOf = new Float64Array(0);

  constructor(cfg: SessionOperatorConfig) {
    this.cfg = cfg;
    this.operatorId = cfg.operatorId;
    this.keys = new RowKeys(cfg.keys);
    this.fns = cfg.aggs.map(([, a]) => a.fn as Fn);
    this.fields = cfg.aggs.map(([, a]) => a.field);
    this.names = cfg.aggs.map(([n]) => n);
    this.inline = inlineOps(this.fns);
    this.table = new SessionTable(this.fns.length, allNumeric(this.fns));
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
    this.table.compact();
    const touchedFrom = this.table.touched.length;
    this.ingest(rows, ctx, useWatermark, stamp);
    const out: unknown[] = [];
    if (ctx.outputMode === 'update') {
      const touched = this.table.touched;
      // as the aggregation: every changed session that was not late, even one this batch's watermark closes
      const wmForUpdate = useWatermark ? ctx.lateWatermarkMs : -Infinity;
      for (let i = touchedFrom; i < touched.length; i++) this.emitChanged(touched[i]!, wmForUpdate, stamp, ctx, out);
    }
    if (ctx.outputMode === 'complete') {
      const { d, SLOT, used } = this.table;
      for (let s = 0; s < used; s++) for (let i = 0; i < d[s * SLOT + N]!; i++) out.push(this.toRow(s, i));
    } else if (useWatermark && this.minEnd <= ctx.watermarkMs) {
      this.evict(ctx.watermarkMs, stamp, ctx.outputMode === 'append' ? out : undefined);
    }
    return out;
  }

  /**
   * Merges the batch's rows into their keys' sessions, in two passes: first every row's slot and
   * window (late and invalid rows reported), then the merges. The key lookups of different rows
   * (and then their slots' loads) do not depend on each other, so the CPU overlaps their cache misses.
   */
  private ingest(rows: Row[], ctx: BatchContext, useWatermark: boolean, stamp: number): void {
    const { spec } = this.cfg;
    const tf = spec.timeColumn;
    const wm = ctx.lateWatermarkMs; // late input is judged by the previous batch's watermark (Spark 3.4+)
    const table = this.table;
    const fixedGap = spec.gapMs;
    const keyField = this.keys.single;
    const byKey = table.byKey;
    if (this.slotOf.length < rows.length)
      [this.slotOf, this.startOf, this.endOf] = [new Int32Array(rows.length), new Float64Array(rows.length), new Float64Array(rows.length)];
    const { slotOf, startOf, endOf } = this;
    // a lower bound of every new or extended session's end (each is >= the end of a row in it)
    let minEnd = this.minEnd;
    for (let i = 0; i < rows.length; i++) {
      slotOf[i] = -1;
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
      const s = byKey.get(key);
      slotOf[i] = s !== undefined ? s : table.add(key);
      startOf[i] = t;
      endOf[i] = end;
      if (end < minEnd) minEnd = end;
    }
    this.minEnd = minEnd;
    const { fns, fields, inline } = this;
    const { SLOT, d } = table;
    let sessions = table.sessions;
    let updated = 0;
    for (let i = 0; i < rows.length; i++) {
      const s = slotOf[i]!;
      if (s < 0) continue;
      const h = s * SLOT;
      if (d[h + STAMP] !== stamp) {
        d[h + STAMP] = stamp;
        table.touched.push(s);
      }
      const before = d[h + N]!;
      updated += addRow(table, s, startOf[i]!, endOf[i]!, rows[i]!, fields, fns, inline, stamp);
      sessions += d[h + N]! - before;
    }
    table.sessions = sessions;
    this.updated = updated;
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

  /** The sessions of slot `s`: their array and the offset of the first one. */
  private block(s: number): [Float64Array, number] {
    const t = this.table;
    return t.d[s * t.SLOT + SPILLED] !== 0 ? [t.spill[s]!, 0] : [t.d, s * t.SLOT + HEADER];
  }

  private emitChanged(s: number, wm: number, stamp: number, ctx: BatchContext, out: unknown[]): void {
    const table = this.table;
    const key = table.keys[s];
    const [a, base] = this.block(s);
    const n = table.d[s * table.SLOT + N]!;
    for (let i = 0; i < n; i++) {
      const p = base + i * table.R;
      if (a[p + CHANGED_AT] !== stamp) continue;
      const es = a[p + EMITTED_START]!;
      const ee = a[p + EMITTED_END]!;
      if (es === es && (es !== a[p + START] || ee !== a[p + END])) ctx.retract(this.keyRow(key, es, ee));
      const replaced = a[p + REPLACED]!;
      if (replaced !== 0) {
        for (const [x, y] of table.takeReplaced(replaced)) ctx.retract(this.keyRow(key, x, y));
        a[p + REPLACED] = 0;
      }
      if (a[p + END]! <= wm) continue;
      out.push(this.toRow(s, i));
      a[p + EMITTED_START] = a[p + START]!;
      a[p + EMITTED_END] = a[p + END]!;
    }
  }

  /** Removes sessions with `end <= wm` (emitting them into `out` in append mode), in key order. */
  private evict(wm: number, stamp: number, out: unknown[] | undefined): void {
    const table = this.table;
    const { R, SLOT, used } = table;
    const numeric = table.numeric;
    let minEnd = Infinity;
    for (let s = 0; s < used; s++) {
      // firstEnd is the smallest end of the key's sessions (+Infinity for free slots)
      if (table.firstEnd[s]! > wm) {
        if (table.firstEnd[s]! < minEnd) minEnd = table.firstEnd[s]!;
        continue;
      }
      const [a, base] = this.block(s);
      const h = s * SLOT;
      const n = table.d[h + N]!;
      let gone = 0;
      while (gone < n && a[base + gone * R + END]! <= wm) {
        const p = base + gone * R;
        if (out !== undefined) out.push(this.toRow(s, gone));
        if (!numeric) table.freeHandle(a[p + BUFS]!);
        if (a[p + REPLACED] !== 0) table.takeReplaced(a[p + REPLACED]!);
        gone++;
      }
      this.removed += gone;
      table.sessions -= gone;
      if (gone === n) {
        this.keys.forget(table.keys[s]);
        table.free(s);
        continue;
      }
      a.copyWithin(base, base + gone * R, base + n * R);
      table.d[h + N] = n - gone;
      const first = a[base + END]!;
      table.firstEnd[s] = first;
      if (first < minEnd) minEnd = first;
      // a key whose sessions fit inline again goes back there (one load less per row)
      if (a !== table.d && n - gone <= INLINE) table.unspill(s);
      table.mark(s, stamp);
    }
    this.minEnd = minEnd;
  }

  private keyRow(key: unknown, start: number, end: number): Row {
    const o: Row = { session_window: { start, end } };
    this.keys.write(key, o);
    return o;
  }

  /** The output row of session `i` of slot `s`. */
  private toRow(s: number, i: number): Row {
    const table = this.table;
    const [a, base] = this.block(s);
    const p = base + i * table.R;
    const o = this.keyRow(table.keys[s], a[p + START]!, a[p + END]!);
    const width = this.fns.length;
    const hb = table.numeric ? 0 : a[p + BUFS]! * width;
    for (let j = 0; j < width; j++) o[this.names[j]!] = this.fns[j]!.result(table.numeric ? a[p + BUFS + j] : table.pool[hb + j]);
    return o;
  }

  runsNoDataBatchOnWatermark(): boolean {
    return this.mode !== 'complete'; // SessionWindowStateStoreSaveExec: append or update
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
      memoryUsedBytes: this.table.memoryBytes(),
      numLateRowsRouted: this.late.routed,
    };
  }

  commit(_batchId: number): void {
    this.table.commit();
  }

  snapshot(): StateSnapshot {
    const t = this.table;
    const entries: [unknown, SessionJson[]][] = [];
    for (let s = 0; s < t.used; s++) if (t.d[s * t.SLOT + N]! > 0) entries.push([t.keys[s], encodeSessions(t, s, this.fns)]);
    return { operatorId: this.operatorId, version: 0, entries };
  }

  /** The changes of the last committed batch, for delta checkpoints (`[key, sessions]`, removed keys). */
  stateChanges(): StateChanges {
    const t = this.table;
    const { touched, removed } = t.committed;
    const updated: [unknown, SessionJson[]][] = [];
    for (const s of touched) if (t.d[s * t.SLOT + N]! > 0) updated.push([t.keys[s], encodeSessions(t, s, this.fns)]);
    return { updated, removed: removed.filter((k) => !t.byKey.has(k)) };
  }

  restore(snapshot: StateSnapshot): void {
    this.minEnd = restoreSessions(this.table, snapshot.entries as [unknown, SessionJson[]][], this.fns, (k) => this.keys.reintern(k));
  }
}
