/**
 * Adding a row to the sessions of one key (a slot of the `SessionTable`: sessions sorted by start,
 * never overlapping or touching; those merge). Changed in place by the batch that touches them (the
 * session table is the operator's own specialised state, like the window aggregation's).
 */
import type { AggregateFunction } from '../../aggregates/aggregate.js';
import { BUFS, CHANGED_AT, EMITTED_END, EMITTED_START, END, HEADER, INLINE, N, REPLACED, SPILLED, START, type SessionTable } from './session-table.js';

export type Fn = AggregateFunction<unknown, unknown, unknown>;

/** `inlineOps(fns)` codes: `add` inlined for count (+1) and sum (+value), as the window aggregation does. */
export const INLINE_COUNT = 1;
export const INLINE_SUM = 2;

export function inlineOps(fns: readonly Fn[]): Uint8Array {
  return Uint8Array.from(fns, (f) => (f.inline === 'count' ? INLINE_COUNT : f.inline === 'sum' ? INLINE_SUM : 0));
}

/** Whether every aggregate's buffer is a plain number (`AggregateFunction.numeric`): buffers then live in the session records. */
export function allNumeric(fns: readonly Fn[]): boolean {
  return fns.every((f) => f.numeric === true && typeof f.init() === 'number');
}

/** Folds session record `q` (later) into record `p` of `a`: buffers merged, its emitted window and replaced windows become `p`'s retractions. */
function absorb(tbl: SessionTable, a: Float64Array, p: number, q: number, fns: readonly Fn[]): void {
  const width = fns.length;
  if (tbl.numeric) {
    for (let j = 0; j < width; j++) a[p + BUFS + j] = fns[j]!.merge(a[p + BUFS + j], a[q + BUFS + j]) as number;
  } else {
    const pool = tbl.pool;
    const hp = a[p + BUFS]! * width;
    const hq = a[q + BUFS]!;
    for (let j = 0; j < width; j++) pool[hp + j] = fns[j]!.merge(pool[hp + j], pool[hq * width + j]);
    tbl.freeHandle(hq);
  }
  const es = a[q + EMITTED_START]!;
  if (es === es) a[p + REPLACED] = tbl.addReplaced(a[p + REPLACED]!, [es, a[q + EMITTED_END]!]);
  const rq = a[q + REPLACED]!;
  if (rq !== 0) for (const w of tbl.takeReplaced(rq)) a[p + REPLACED] = tbl.addReplaced(a[p + REPLACED]!, w);
}

/**
 * Adds a row spanning `[start, end)` to the sessions of slot `s`, merging every session it overlaps
 * or touches; null/undefined inputs are skipped. Returns 1 when the session the row landed in had
 * not been changed yet in batch `stamp`, else 0. `fields[j]` is the input column of aggregate `j`
 * (the whole row when undefined). Keeps `N` and `firstEnd[s]` up to date.
 *
 * @example
 * addRow(table, table.slotFor('u1'), ts, ts + gapMs, row, ['amount'], [sum('amount').fn], inlineOps(fns), batchId + 1);
 */
export function addRow(
  tbl: SessionTable,
  s: number,
  start: number,
  end: number,
  row: Record<string, unknown>,
  fields: readonly (string | undefined)[],
  fns: readonly Fn[],
  inline: Uint8Array,
  stamp: number,
): number {
  const d = tbl.d;
  const R = tbl.R;
  const h = s * tbl.SLOT;
  let n = d[h + N]!;
  let a = d;
  let base = h + HEADER;
  let cap = INLINE;
  if (d[h + SPILLED] !== 0) {
    a = tbl.spill[s]!;
    base = 0;
    cap = a.length / R;
  }
  // first session that could overlap: the first whose end >= start
  let i = 0;
  let p = base;
  while (i < n && a[p + END]! < start) {
    i++;
    p += R;
  }
  let newlyChanged = 0;
  if (i < n && a[p + START]! <= end) {
    if (a[p + CHANGED_AT] !== stamp) {
      a[p + CHANGED_AT] = stamp;
      newlyChanged = 1;
    }
    if (start < a[p + START]!) a[p + START] = start;
    let tEnd = a[p + END]!;
    if (end > tEnd) tEnd = end;
    // absorb the following sessions the (extended) target now reaches
    let k = i + 1;
    let q = p + R;
    while (k < n && a[q + START]! <= tEnd) {
      absorb(tbl, a, p, q, fns);
      if (a[q + END]! > tEnd) tEnd = a[q + END]!;
      k++;
      q += R;
    }
    a[p + END] = tEnd;
    if (k > i + 1) {
      a.copyWithin(p + R, q, base + n * R);
      n -= k - i - 1;
    }
  } else {
    if (n === cap) {
      a = tbl.spillTo(s, cap * 2);
      base = 0;
      p = i * R;
    }
    if (i < n) a.copyWithin(p + R, p, base + n * R);
    a[p + START] = start;
    a[p + END] = end;
    a[p + EMITTED_START] = Number.NaN;
    a[p + EMITTED_END] = Number.NaN;
    a[p + CHANGED_AT] = stamp;
    a[p + REPLACED] = 0;
    if (tbl.numeric) for (let j = 0; j < fns.length; j++) a[p + BUFS + j] = fns[j]!.init() as number;
    else a[p + BUFS] = tbl.newHandle(fns);
    n++;
    newlyChanged = 1;
  }
  d[h + N] = n;
  if (i === 0) tbl.firstEnd[s] = a[p + END]!;
  if (tbl.numeric) {
    for (let j = 0; j < fns.length; j++) {
      const f = fields[j];
      const op = inline[j];
      const at = p + BUFS + j;
      if (op === INLINE_COUNT && f === undefined) {
        a[at]! += 1;
        continue;
      }
      const v = f === undefined ? row : row[f];
      if (v === undefined || v === null) continue;
      if (op === INLINE_COUNT) a[at]! += 1;
      else if (op === INLINE_SUM) a[at]! += v as number;
      else a[at] = fns[j]!.add(a[at], v) as number;
    }
  } else {
    const pool = tbl.pool;
    const hb = a[p + BUFS]! * fns.length;
    for (let j = 0; j < fns.length; j++) {
      const f = fields[j];
      const v = f === undefined ? row : row[f];
      if (v === undefined || v === null) continue;
      pool[hb + j] = fns[j]!.add(pool[hb + j], v);
    }
  }
  return newlyChanged;
}
