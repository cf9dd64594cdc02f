/**
 * Adding a row to the sessions of one key (`KeySessions`: sorted by start, never overlapping or
 * touching; those merge). Changed in place by the batch that touches them (the session table is
 * the operator's own specialised state, like the window aggregation's; see session-table.ts).
 */
import type { AggregateFunction } from '../../aggregates/aggregate.js';
import { CHANGED_AT, EMITTED_END, EMITTED_START, END, START, STRIDE, type KeySessions } from './session-table.js';

export type Fn = AggregateFunction<unknown, unknown, unknown>;

/** `inlineOps(fns)` codes: `add` inlined for count (+1) and sum (+value), as the window aggregation does. */
export const INLINE_COUNT = 1;
export const INLINE_SUM = 2;

export function inlineOps(fns: readonly Fn[]): Uint8Array {
  return Uint8Array.from(fns, (f) => (f.inline === 'count' ? INLINE_COUNT : f.inline === 'sum' ? INLINE_SUM : 0));
}

/**
 * When every aggregate's buffer is a number (count, sum, ...), the initial buffers as an array of
 * doubles: a new session copies it (one allocation, already in V8's double-elements form, so
 * later sums do not convert it). `undefined` otherwise.
 */
export function numericTemplate(fns: readonly Fn[]): readonly number[] | undefined {
  const inits = fns.map((f) => f.init());
  if (!inits.every((v) => typeof v === 'number')) return undefined;
  const t = [0.5];
  t.length = 0;
  for (const v of inits) t.push(v as number);
  return t;
}

/** Adds `[a, b]` to the update-mode retractions of session `i` of `e`. */
function addReplaced(e: KeySessions, i: number, w: [number, number]): void {
  const r = (e.r ??= new Array<[number, number][] | undefined>(e.n).fill(undefined));
  (r[i] ??= []).push(w);
}

/**
 * Adds a row spanning `[start, end)` to the sessions `e`, merging every session it overlaps or
 * touches; null/undefined inputs are skipped. Returns 1 when the session the row landed in had not
 * been changed yet in batch `stamp`, else 0. `fields[j]` is the input column of aggregate `j` (the
 * whole row when undefined). `template` (see `numericTemplate`): the initial buffers when they are
 * all numbers.
 *
 * @example
 * addRow(e, ts, ts + gapMs, row, ['amount'], [sum('amount').fn], inlineOps(fns), batchId + 1);
 */
export function addRow(
  e: KeySessions,
  start: number,
  end: number,
  row: Record<string, unknown>,
  fields: readonly (string | undefined)[],
  fns: readonly Fn[],
  inline: Uint8Array,
  stamp: number,
  template?: readonly number[],
): number {
  const t = e.t;
  const b = e.b;
  const n = e.n;
  const width = fns.length;
  // first session that could overlap: the first whose end >= start
  let i = 0;
  while (i < n && t[i * STRIDE + END]! < start) i++;
  let newlyChanged = 0;
  const p = i * STRIDE;
  if (i < n && t[p + START]! <= end) {
    if (t[p + CHANGED_AT] !== stamp) {
      t[p + CHANGED_AT] = stamp;
      newlyChanged = 1;
    }
    if (start < t[p + START]!) t[p + START] = start;
    let tEnd = t[p + END]!;
    if (end > tEnd) tEnd = end;
    // absorb the following sessions the (extended) target now reaches
    let k = i + 1;
    while (k < n && t[k * STRIDE + START]! <= tEnd) {
      const q = k * STRIDE;
      for (let j = 0; j < width; j++) b[i * width + j] = fns[j]!.merge(b[i * width + j], b[k * width + j]);
      if (t[q + END]! > tEnd) tEnd = t[q + END]!;
      const es = t[q + EMITTED_START]!;
      if (es === es) addReplaced(e, i, [es, t[q + EMITTED_END]!]);
      const rk = e.r?.[k];
      if (rk !== undefined) for (const w of rk) addReplaced(e, i, w);
      k++;
    }
    t[p + END] = tEnd;
    if (k > i + 1) {
      const gone = k - i - 1;
      t.splice((i + 1) * STRIDE, gone * STRIDE);
      b.splice((i + 1) * width, gone * width);
      e.r?.splice(i + 1, gone);
      e.n = n - gone;
    }
  } else {
    if (i === n) t.push(start, end, Number.NaN, Number.NaN, stamp);
    else t.splice(p, 0, start, end, Number.NaN, Number.NaN, stamp);
    const at = i * width;
    if (i !== n) {
      // open `width` slots at `at` (shift the later sessions' buffers right)
      // (pushing copies keeps V8's elements kind: no holes)
      const len = b.length;
      for (let j = 0; j < width; j++) b.push(b[len - width + j]);
      for (let x = len - width - 1; x >= at; x--) b[x + width] = b[x];
    }
    if (template !== undefined) for (let j = 0; j < width; j++) b[at + j] = template[j];
    else for (let j = 0; j < width; j++) b[at + j] = fns[j]!.init();
    e.r?.splice(i, 0, undefined);
    e.n = n + 1;
    newlyChanged = 1;
  }
  const base = i * width;
  for (let j = 0; j < width; j++) {
    const f = fields[j];
    const op = inline[j];
    if (op === INLINE_COUNT && f === undefined) {
      b[base + j] = (b[base + j] as number) + 1;
      continue;
    }
    const v = f === undefined ? row : row[f];
    if (v === undefined || v === null) continue;
    if (op === INLINE_COUNT) b[base + j] = (b[base + j] as number) + 1;
    else if (op === INLINE_SUM) b[base + j] = (b[base + j] as number) + (v as number);
    else b[base + j] = fns[j]!.add(b[base + j], v);
  }
  return newlyChanged;
}
