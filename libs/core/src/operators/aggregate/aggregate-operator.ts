/**
 * The streaming aggregation (Spark's StateStoreRestore/Save pair): folds each batch's rows into
 * per-bucket group tables, drops late (row, window) contributions, emits per output mode and
 * evicts what the watermark has passed. Sliding windows are kept as panes and merged on output.
 */
import type { AggregateFunction, AggregateSpec } from '../../aggregates/aggregate.js';
import type { BatchContext } from '../../exec/batch-context.js';
import type { LateRecord } from '../../exec/late.js';
import type { PhysicalOperator, StateChanges, StatefulOperator, StateSnapshot } from '../../exec/operator.js';
import type { EventTimeColumn } from '../../plan/node.js';
import type { OutputMode } from '../../ports.js';
import type { StateOperatorProgress } from '../../progress.js';
import { eventTimeProblem, toEpochMs } from '../../time/event-time.js';
import type { TimeWindowSpec } from '../../window/window.js';
import { BucketGeometry } from './bucket-geometry.js';
import { GroupTable } from './group-table.js';
import { emitRows } from './emit.js';

type Fn = AggregateFunction<unknown, unknown, unknown>;

export interface AggregateOperatorConfig {
  operatorId: number;
  child: PhysicalOperator;
  keys: readonly string[];
  window: TimeWindowSpec | undefined;
  /** A watermarked grouping column used as event time when there is no window. */
  timeKey: string | undefined;
  aggs: readonly (readonly [string, AggregateSpec])[];
  eventTime: EventTimeColumn | undefined;
  /** How far its input's watermark trails the query watermark (after a stream-stream join with a time range). Default 0. */
  watermarkShiftMs?: number;
}

export class AggregateOperator implements PhysicalOperator, StatefulOperator {
  readonly name = 'stateStoreSave';
  readonly operatorName = 'stateStoreSave';
  readonly operatorId: number;
  readonly keys: readonly string[];
  readonly aggNames: readonly string[];
  readonly fns: readonly Fn[];
  readonly geometry: BucketGeometry;
  readonly window: TimeWindowSpec | undefined;
  /** Bucket start → its groups. */
  readonly buckets = new Map<number, GroupTable>();
  /** Watermark of the last append emission: windows ending at or before it were emitted. */
  lastEmitMs = -Infinity;
  private readonly child: PhysicalOperator;
  private readonly fields: readonly (string | undefined)[];
  /** Per aggregate: 1 = inline count, 2 = inline sum, 0 = call `add`. */
  private readonly inline: Uint8Array;
  private readonly timeField: string | undefined;
  private readonly eventTime: EventTimeColumn | undefined;
  private touchedTables: GroupTable[] = [];
  private evicted: GroupTable[] = [];
  private mode: OutputMode = 'update';
  private lastWatermarkMs = 0;
  /** Whether the last batch read rows (a no-data batch that follows a no-data batch needs due state). */
  private lastHadData = true;
  private updated = 0;
  private removed = 0;
  private dropped = 0;
  private routed = 0;
  /** No keys and no window: one group, always there (Spark's aggregation without grouping keys). */
  private readonly global: boolean;
  /** How far this aggregation's input watermark trails the query watermark. */
  private readonly shift: number;
  /** The late (window end, key) groups of this batch, counted once each. */
  private readonly lateGroups = new Set<string>();
  /**
   * Whether `buffersOf` builds values nothing shares: every buffer is a number (a Float64Array
   * cell read out; a `toJSON` of a number has no live object to hand out), so state changes can be
   * handed to a checkpoint as they are (`detached`).
   */
  private readonly detachedBuffers: boolean;

  constructor(cfg: AggregateOperatorConfig) {
    this.operatorId = cfg.operatorId;
    this.child = cfg.child;
    this.keys = cfg.keys;
    this.window = cfg.window;
    this.aggNames = cfg.aggs.map(([n]) => n);
    this.fns = cfg.aggs.map(([, a]) => a.fn as Fn);
    this.fields = cfg.aggs.map(([, a]) => a.field);
    this.inline = Uint8Array.from(this.fns, (f) => (f.inline === 'count' ? 1 : f.inline === 'sum' ? 2 : 0));
    this.eventTime = cfg.eventTime;
    this.timeField = cfg.window ? cfg.window.timeColumn : cfg.timeKey;
    this.geometry = new BucketGeometry(cfg.window, cfg.timeKey !== undefined);
    this.shift = cfg.watermarkShiftMs ?? 0;
    this.global = cfg.keys.length === 0 && cfg.window === undefined && cfg.timeKey === undefined;
    this.detachedBuffers = this.fns.every((f) => f.numeric === true);
  }

  /** A new, empty group table for this aggregation. */
  newTable(bucket = Number.NaN): GroupTable {
    const t = new GroupTable(this.fns, this.keys.length);
    t.bucket = bucket;
    return t;
  }

  execute(batch: BatchContext): unknown[] {
    const rows = this.child.execute(batch) as Record<string, unknown>[];
    // After a join with a time range the rows it gets trail the query watermark (Spark's propagated watermark).
    const ctx = this.shift === 0 ? batch : shiftedWatermarks(batch, this.shift);
    this.mode = ctx.outputMode;
    this.lastWatermarkMs = ctx.watermarkMs;
    this.lastHadData = !ctx.isNoDataBatch;
    this.updated = this.removed = this.dropped = this.routed = 0;
    for (const t of this.touchedTables) t.touched.length = 0;
    this.touchedTables = [];
    this.evicted = [];
    const useWatermark = this.eventTime !== undefined && ctx.outputMode !== 'complete';
    // As Spark 3.4+: input rows are judged late by the previous batch's watermark, then windows are
    // emitted (append: those this batch's watermark closes, with this batch's rows in them) and
    // state evicted by this batch's own watermark. A window closed by the previous watermark was
    // emitted then, and every row of this batch for it is late, so nothing leaks into it.
    this.ingest(rows, ctx, useWatermark);
    if (this.global && !ctx.isNoDataBatch) this.touchGlobalGroup(ctx.batchId + 1);
    const out = emitRows(this, ctx, useWatermark);
    if (ctx.outputMode === 'append') this.lastEmitMs = Math.max(this.lastEmitMs, ctx.watermarkMs);
    if (useWatermark) this.evict(ctx.watermarkMs);
    return out;
  }

  private ingest(rows: Record<string, unknown>[], ctx: BatchContext, useWatermark: boolean): void {
    const { geometry, fns, fields, keys, timeField } = this;
    const nAgg = fns.length;
    const inline = this.inline;
    const wm = ctx.lateWatermarkMs;
    this.lateGroups.clear();
    const stampValue = ctx.batchId + 1;
    const w = this.window;
    const paneMs = w ? w.paneMs : 1;
    const paneOffset = w ? w.startOffsetMs : 0;
    const key0 = keys.length === 1 ? keys[0] : undefined;
    let lastBucket = Number.NaN;
    let table: GroupTable | undefined;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      if (typeof row !== 'object' || row === null) {
        ctx.reportInvalid(row, `row is not an object: ${String(row)}`, this.name);
        continue;
      }
      let b = 0;
      if (timeField !== undefined) {
        const v = row[timeField];
        const t = typeof v === 'number' ? v : toEpochMs(v);
        if (t !== t) {
          ctx.reportInvalid(row, eventTimeProblem(timeField, v), this.name);
          continue;
        }
        // A row after the watermark cannot miss a window (every window containing it ends after it).
        if (useWatermark && t <= wm && this.isLate(row, t, wm, w, ctx)) continue;
        if (w !== undefined) {
          const r = (t - paneOffset) % paneMs;
          b = r < 0 ? t - r - paneMs : t - r;
        } else b = geometry.bucketOf(t);
      }
      if (b !== lastBucket || table === undefined) {
        table = this.buckets.get(b);
        if (table === undefined) {
          table = this.newTable(b);
          this.buckets.set(b, table);
        }
        lastBucket = b;
      }
      let slot: number;
      if (key0 !== undefined) {
        const k = row[key0];
        const found = table.index.get(k) as number | undefined;
        slot = found === undefined ? table.slotOfRow(row, keys) : found;
      } else slot = table.slotOfRow(row, keys);
      const numeric = table.numeric;
      for (let j = 0; j < nAgg; j++) {
        const op = inline[j];
        if (op === 1 && fields[j] === undefined) {
          const c = numeric[j]!;
          c[slot] = c[slot]! + 1;
          continue;
        }
        const f = fields[j];
        const value = f === undefined ? row : row[f];
        if (value === undefined || value === null) continue;
        const col = numeric[j];
        if (op === 1) col![slot] = col![slot]! + 1;
        else if (op === 2) col![slot] = col![slot]! + (value as number);
        else if (col !== null && col !== undefined) col[slot] = fns[j]!.add(col[slot], value) as number;
        else {
          const o = table.objects[j]!;
          o[slot] = fns[j]!.add(o[slot], value);
        }
      }
      if (table.stamp[slot] !== stampValue) {
        table.stamp[slot] = stampValue;
        if (table.touched.length === 0) this.touchedTables.push(table);
        table.touched.push(slot);
        this.updated += 1;
      }
    }
  }

  /**
   * A global aggregate (no keys, no window) has its one row in every data batch, zero-row batches
   * included, as Spark's aggregation without grouping keys does: `{ n: 0, total: null }` before
   * any row, and re-emitted in update mode even when nothing changed.
   */
  private touchGlobalGroup(stampValue: number): void {
    let table = this.buckets.get(0);
    if (table === undefined) {
      table = this.newTable(0);
      this.buckets.set(0, table);
    }
    const slot = table.slotOfRow({}, this.keys);
    if (table.stamp[slot] === stampValue) return;
    table.stamp[slot] = stampValue;
    if (table.touched.length === 0) this.touchedTables.push(table);
    table.touched.push(slot);
    this.updated += 1;
  }

  /**
   * Counts (and routes) the late (row, window) pairs of a row; true when no window of the row is
   * open any more, so the row is dropped entirely.
   */
  private isLate(row: unknown, t: number, wm: number, w: TimeWindowSpec | undefined, ctx: BatchContext): boolean {
    if (w === undefined) {
      if (t > wm) return false;
      this.late(row, t, wm, t, undefined, ctx);
      return true;
    }
    const r = (t - w.startOffsetMs) % w.slideMs;
    const lastStart = r < 0 ? t - r - w.slideMs : t - r;
    const firstStart = lastStart - (Math.ceil((lastStart - t + w.sizeMs) / w.slideMs) - 1) * w.slideMs;
    if (firstStart + w.sizeMs > wm) return false;
    for (let s = firstStart; s <= lastStart && s + w.sizeMs <= wm; s += w.slideMs) {
      this.late(row, t, wm, s + w.sizeMs, s, ctx);
    }
    return lastStart + w.sizeMs <= wm;
  }

  private late(row: unknown, t: number, wm: number, end: number, start: number | undefined, ctx: BatchContext): void {
    // Spark drops late rows at the state store's input, after partial aggregation: the metric
    // counts late (window, key) groups of the batch, not rows.
    const group = `${end}\u0000${this.keys.length === 1 ? groupKeyText((row as Record<string, unknown>)[this.keys[0]!]) : this.keys.map((k) => groupKeyText((row as Record<string, unknown>)[k])).join('\u0000')}`;
    if (!this.lateGroups.has(group)) {
      this.lateGroups.add(group);
      this.dropped += 1;
    }
    const route = this.eventTime?.late;
    if (route === undefined) return;
    this.routed += 1;
    const record: LateRecord = { row, eventTimeMs: t, watermarkMs: wm, lateByMs: wm - end, operator: this.operatorName };
    if (start !== undefined) record.window = { start, end };
    ctx.routeLate(route, record);
  }

  private evict(wm: number): void {
    for (const [b, table] of this.buckets) {
      if (this.geometry.closeOf(b) <= wm) {
        this.removed += table.size;
        this.evicted.push(table);
        this.buckets.delete(b);
      }
    }
  }

  /**
   * As Spark's StateStoreSaveExec: another batch whenever the watermark used for eviction would
   * advance after a batch with data. Only idle inputs (extension) move the watermark after a
   * no-data batch; then a batch runs only when a window is due, so a quiet stream does not run an
   * empty batch on every poll.
   */
  runsNoDataBatchOnWatermark(): boolean {
    return this.mode !== 'complete'; // StateStoreSaveExec: append or update
  }

  needsNoDataBatch(nextQueryWatermarkMs: number): boolean {
    const nextWatermarkMs = nextQueryWatermarkMs - this.shift;
    if (this.eventTime === undefined || this.mode === 'complete') return false;
    if (nextWatermarkMs <= this.lastWatermarkMs) return false;
    return this.lastHadData || this.hasDue(nextWatermarkMs);
  }

  /** Whether a window would be emitted (append) or a bucket evicted at watermark `wm`. */
  private hasDue(wm: number): boolean {
    const g = this.geometry;
    for (const b of this.buckets.keys()) {
      if (g.closeOf(b) <= wm) return true;
      if (this.mode !== 'append') continue;
      for (const s of g.windowsOf(b)) {
        const end = g.endOf(s);
        if (end > this.lastEmitMs && end <= wm) return true;
      }
    }
    return false;
  }

  progress(): StateOperatorProgress {
    let total = 0;
    let bytes = 0;
    for (const t of this.buckets.values()) {
      total += t.size;
      bytes += t.estimateBytes();
    }
    return {
      operatorName: this.operatorName,
      numRowsTotal: total,
      numRowsUpdated: this.updated,
      numRowsRemoved: this.removed,
      numRowsDroppedByWatermark: this.dropped,
      memoryUsedBytes: bytes,
      numLateRowsRouted: this.routed,
    };
  }

  commit(_batchId: number): void {
    // State is updated in place; committed versions are persisted by the checkpoint layer.
  }

  /** Entries are `[[bucket, groupKey], buffers]`, the same keys `stateChanges()` uses. */
  snapshot(): StateSnapshot {
    const entries: unknown[] = [];
    for (const [b, table] of this.buckets) {
      for (let slot = 0; slot < table.size; slot++) entries.push([[b, table.keys[slot]], this.buffersOf(table, slot)]);
    }
    return { operatorId: this.operatorId, version: 0, entries, meta: { lastEmitMs: this.lastEmitMs }, detached: this.detachedBuffers };
  }

  /** The groups this batch updated and the groups it evicted (for delta checkpoints). */
  stateChanges(): StateChanges {
    const updated: [unknown, unknown][] = [];
    for (const table of this.touchedTables) {
      if (this.evicted.includes(table)) continue;
      for (const slot of table.touched) updated.push([[table.bucket, table.keys[slot]], this.buffersOf(table, slot)]);
    }
    const removed: unknown[] = [];
    for (const table of this.evicted) for (let slot = 0; slot < table.size; slot++) removed.push([table.bucket, table.keys[slot]]);
    // Keys are group values (immutable: they key the tables) or fresh [bucket, key] pairs.
    return { updated, removed, meta: { lastEmitMs: this.lastEmitMs }, detached: this.detachedBuffers };
  }

  private buffersOf(table: GroupTable, slot: number): unknown[] {
    return this.fns.map((f, j) => (f.toJSON ? f.toJSON(table.buffer(j, slot)) : table.buffer(j, slot)));
  }

  restore(snapshot: StateSnapshot): void {
    this.buckets.clear();
    for (const e of snapshot.entries as [[number, unknown], unknown[]][]) {
      const [[b, key], bufs] = e;
      let table = this.buckets.get(b);
      if (!table) {
        table = this.newTable(b);
        this.buckets.set(b, table);
      }
      table.insertKey(
        key,
        bufs.map((d, j) => (this.fns[j]!.fromJSON ? this.fns[j]!.fromJSON!(d) : d)),
      );
    }
    const meta = snapshot.meta as { lastEmitMs?: number } | undefined;
    this.lastEmitMs = meta?.lastEmitMs ?? -Infinity;
  }
}

/** A grouping value as text that tells apart what Spark's grouping tells apart (1 vs '1', null vs undefined). */
function groupKeyText(v: unknown): string {
  if (typeof v === 'string') return `s${v}`;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return `${(typeof v)[0]}${String(v)}`;
  if (v === null || v === undefined) return 'n';
  if (v instanceof Date) return `d${v.getTime()}`;
  return `j${JSON.stringify(v)}`;
}

/** `ctx` with both watermarks `shiftMs` earlier (everything else is `ctx`'s own, through the prototype). */
function shiftedWatermarks(ctx: BatchContext, shiftMs: number): BatchContext {
  const out = Object.create(ctx) as { -readonly [K in keyof BatchContext]: BatchContext[K] };
  out.watermarkMs = Math.max(0, ctx.watermarkMs - shiftMs);
  out.lateWatermarkMs = Math.max(0, ctx.lateWatermarkMs - shiftMs);
  return out;
}
