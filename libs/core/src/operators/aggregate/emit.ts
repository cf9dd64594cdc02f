/**
 * Output of the streaming aggregation per output mode:
 * - complete: every group of every window, every batch;
 * - update: the groups changed by this batch (in windows the watermark has not closed);
 * - append: the groups of windows that closed in this batch (end in (last emission, watermark]).
 * Tumbling windows (one pane per window) are emitted straight from their pane; sliding windows
 * merge their panes first.
 */
import type { AggregateFunction } from '../../aggregates/aggregate.js';
import type { BatchContext } from '../../exec/batch-context.js';
import type { TimeWindowSpec } from '../../window/window.js';
import type { BucketGeometry } from './bucket-geometry.js';
import type { GroupTable } from './group-table.js';

/** What emitting reads of the aggregation's state (`AggregateOperator` is one). */
export interface EmitSource {
  readonly keys: readonly string[];
  readonly aggNames: readonly string[];
  readonly fns: readonly AggregateFunction<unknown, unknown, unknown>[];
  readonly geometry: BucketGeometry;
  readonly window: TimeWindowSpec | undefined;
  readonly buckets: ReadonlyMap<number, GroupTable>;
  /** The watermark append mode last emitted up to. */
  readonly lastEmitMs: number;
  newTable(): GroupTable;
}

export function emitRows(op: EmitSource, ctx: BatchContext, useWatermark: boolean): unknown[] {
  const out: unknown[] = [];
  const g = op.geometry;
  const wm = ctx.watermarkMs;
  if (ctx.outputMode === 'update') {
    // Every group this batch changed, as Spark: its rows passed the late filter (the previous
    // batch's watermark), so windows closed by this batch's watermark are emitted, then evicted.
    const lateWm = ctx.lateWatermarkMs;
    if (g.panesPerWindow === 1) {
      for (const [b, table] of op.buckets) {
        if (table.touched.length === 0 || (useWatermark && g.endOf(b) <= lateWm)) continue;
        for (const slot of table.touched) out.push(toRow(op, b, table, slot));
      }
      return out;
    }
    const affected = new Map<number, Set<unknown>>();
    for (const [b, table] of op.buckets) {
      if (table.touched.length === 0) continue;
      for (const s of g.windowsOf(b)) {
        if (useWatermark && g.endOf(s) <= lateWm) continue;
        let keys = affected.get(s);
        if (!keys) affected.set(s, (keys = new Set()));
        for (const slot of table.touched) keys.add(table.keys[slot]);
      }
    }
    for (const s of [...affected.keys()].sort((a, b) => a - b)) {
      const merged = mergeWindow(op, s, affected.get(s));
      for (let slot = 0; slot < merged.size; slot++) out.push(toRow(op, s, merged, slot));
    }
    return out;
  }
  if (ctx.outputMode === 'append' && wm <= op.lastEmitMs) return out;
  const starts = new Set<number>();
  for (const b of op.buckets.keys()) {
    for (const s of g.windowsOf(b)) {
      const e = g.endOf(s);
      if (ctx.outputMode === 'complete' || (e > op.lastEmitMs && e <= wm)) starts.add(s);
    }
  }
  for (const s of [...starts].sort((a, b) => a - b)) {
    const table = g.panesPerWindow === 1 ? op.buckets.get(s) : mergeWindow(op, s, undefined);
    if (!table) continue;
    for (let slot = 0; slot < table.size; slot++) out.push(toRow(op, s, table, slot));
  }
  return out;
}

/** Merges the panes of the window starting at `s` (only `keys` when given) into a new table. */
function mergeWindow(op: EmitSource, s: number, keys: Set<unknown> | undefined): GroupTable {
  const merged = op.newTable();
  const fns = op.fns;
  for (const p of op.geometry.panesOf(s)) {
    const pane = op.buckets.get(p);
    if (!pane) continue;
    if (keys) {
      for (const k of keys) {
        const slot = pane.find(k);
        if (slot >= 0) mergeSlot(merged, merged.slotOfKey(k), pane, slot, fns.length, op);
      }
    } else {
      for (let slot = 0; slot < pane.size; slot++) mergeSlot(merged, merged.slotOfKey(pane.keys[slot]), pane, slot, fns.length, op);
    }
  }
  return merged;
}

function mergeSlot(into: GroupTable, to: number, from: GroupTable, slot: number, n: number, op: EmitSource): void {
  for (let j = 0; j < n; j++) {
    const col = into.numeric[j];
    const src = from.numeric[j];
    if (col && src) col[to] = op.fns[j]!.merge(col[to], src[slot]) as number;
    else into.objects[j]![to] = op.fns[j]!.merge(into.objects[j]![to], from.objects[j]![slot]);
  }
}

function toRow(op: EmitSource, s: number, table: GroupTable, slot: number): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const w = op.window;
  if (w) o[w.name] = { start: s, end: s + w.sizeMs };
  const keys = op.keys;
  if (keys.length === 1) o[keys[0]!] = table.keys[slot];
  else if (keys.length > 1) {
    const tuple = table.keys[slot] as unknown[];
    for (let i = 0; i < keys.length; i++) o[keys[i]!] = tuple[i];
  }
  const names = op.aggNames;
  for (let j = 0; j < names.length; j++) o[names[j]!] = op.fns[j]!.result(table.buffer(j, slot));
  return o;
}
