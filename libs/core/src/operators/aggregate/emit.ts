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
import { lastLevel } from './tuple-index.js';

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
      const merged = mergeWindow(op, s, affected.get(s)!);
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
  const sorted = [...starts].sort((a, b) => a - b);
  if (g.panesPerWindow > 1) {
    emitMergedWindows(op, sorted, out);
    return out;
  }
  for (const s of sorted) {
    const table = op.buckets.get(s);
    if (!table) continue;
    for (let slot = 0; slot < table.size; slot++) out.push(toRow(op, s, table, slot));
  }
  return out;
}

/**
 * Every group of the sliding windows starting at `starts` (sorted), each window's panes merged,
 * in the order of first appearance (panes oldest first, slots in order). A window shares all but
 * one pane with the next, so each pane's keys are looked up once per emission (key → dense id),
 * and windows are merged into id-indexed buffers: no Map lookups or tables per window and key.
 */
function emitMergedWindows(op: EmitSource, starts: readonly number[], out: unknown[]): void {
  const g = op.geometry;
  const fns = op.fns;
  const n = fns.length;
  // Multi-column keys are tuples, and each pane's table has its own tuple objects: ids are found
  // by the tuple's values, as GroupTable indexes them (lastLevel).
  const tupleKeys = op.keys.length > 1;
  const ids = new Map<unknown, unknown>();
  const keyOf: unknown[] = [];
  const paneIds = new Map<number, Int32Array>();
  for (const s of starts) {
    for (const p of g.panesOf(s)) {
      const pane = op.buckets.get(p);
      if (!pane || paneIds.has(p)) continue;
      const a = new Int32Array(pane.size);
      for (let slot = 0; slot < pane.size; slot++) {
        const k = pane.keys[slot];
        const level = tupleKeys ? lastLevel(ids, k as unknown[]) : ids;
        const last = tupleKeys ? (k as unknown[])[(k as unknown[]).length - 1] : k;
        let id = level.get(last) as number | undefined;
        if (id === undefined) {
          id = keyOf.length;
          level.set(last, id);
          keyOf.push(k);
        }
        a[slot] = id;
      }
      paneIds.set(p, a);
    }
  }
  const size = keyOf.length;
  const stamp = new Int32Array(size);
  const numeric = fns.map((f) => (f.numeric ? new Float64Array(size) : null));
  const objects = fns.map((f) => (f.numeric ? null : new Array<unknown>(size)));
  const touched: number[] = [];
  let w = 0;
  for (const s of starts) {
    w++;
    touched.length = 0;
    for (const p of g.panesOf(s)) {
      const pane = op.buckets.get(p);
      if (!pane) continue;
      const pids = paneIds.get(p)!;
      for (let slot = 0; slot < pane.size; slot++) {
        const id = pids[slot]!;
        if (stamp[id] !== w) {
          stamp[id] = w;
          touched.push(id);
          for (let j = 0; j < n; j++) {
            const col = numeric[j];
            if (col) col[id] = fns[j]!.init() as number;
            else objects[j]![id] = fns[j]!.init();
          }
        }
        for (let j = 0; j < n; j++) {
          const col = numeric[j];
          const src = pane.numeric[j];
          if (col && src) col[id] = fns[j]!.merge(col[id], src[slot]) as number;
          else objects[j]![id] = fns[j]!.merge(objects[j]![id], pane.buffer(j, slot));
        }
      }
    }
    for (const id of touched) out.push(rowOf(op, s, keyOf[id], numeric, objects, id));
  }
}

/** Merges the panes of the window starting at `s`, for the groups of `keys` only, into a new table. */
function mergeWindow(op: EmitSource, s: number, keys: Set<unknown>): GroupTable {
  const merged = op.newTable();
  const fns = op.fns;
  for (const p of op.geometry.panesOf(s)) {
    const pane = op.buckets.get(p);
    if (!pane) continue;
    for (const k of keys) {
      const slot = pane.find(k);
      if (slot >= 0) mergeSlot(merged, merged.slotOfKey(k), pane, slot, fns.length, op);
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
  return rowOf(op, s, table.keys[slot], table.numeric, table.objects, slot);
}

/**
 * An output row: the window starting at `s`, the key (value, tuple or null) and the aggregates'
 * results from the buffers at index `i` (per aggregate its numeric column, else its object column).
 */
function rowOf(
  op: EmitSource,
  s: number,
  key: unknown,
  numeric: readonly (Float64Array | null)[],
  objects: readonly (unknown[] | null)[],
  i: number,
): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const w = op.window;
  if (w) o[w.name] = { start: s, end: s + w.sizeMs };
  const keys = op.keys;
  if (keys.length === 1) o[keys[0]!] = key;
  else if (keys.length > 1) {
    const tuple = key as unknown[];
    for (let i = 0; i < keys.length; i++) o[keys[i]!] = tuple[i];
  }
  const names = op.aggNames;
  for (let j = 0; j < names.length; j++) {
    const col = numeric[j];
    o[names[j]!] = op.fns[j]!.result(col ? col[i] : objects[j]![i]);
  }
  return o;
}
