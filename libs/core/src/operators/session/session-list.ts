/**
 * The sessions of one key: sorted by start, never overlapping or touching (those merge).
 * Changed in place by the batch that touches them (the session table is the operator's own
 * specialised state, like the window aggregation's; see session-table.ts).
 */
import type { AggregateFunction } from '../../aggregates/aggregate.js';

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

export interface Session {
  start: number;
  end: number;
  /** One aggregation buffer per aggregate. */
  bufs: unknown[];
  /** The window of the row last emitted for this session in update mode (NaN: never emitted). */
  emittedStart: number;
  emittedEnd: number;
  /** Windows of rows emitted earlier for sessions merged into this one in this batch (update mode retractions). */
  replaced: [number, number][] | undefined;
  /** The batch (`batchId + 1`) that last changed this session. */
  changedAt: number;
}

/**
 * Adds a row spanning `[start, end)` to `list`, merging every session it overlaps or touches;
 * null/undefined inputs are skipped. Returns the session
 * 1 when the session the row landed in had not been changed yet in batch `stamp`, else 0. `fields[j]` is the input column of aggregate `j` (the whole row when undefined).
 * `template` (see `numericTemplate`): the initial buffers when they are all numbers.
 */
export function addRow(
  list: Session[],
  start: number,
  end: number,
  row: Record<string, unknown>,
  fields: readonly (string | undefined)[],
  fns: readonly Fn[],
  inline: Uint8Array,
  stamp: number,
  template?: readonly number[],
): number {
  // first session that could overlap: the first whose end >= start
  let i = 0;
  while (i < list.length && list[i]!.end < start) i++;
  let target: Session;
  let newlyChanged = 0;
  if (i < list.length && list[i]!.start <= end) {
    target = list[i]!;
    if (target.changedAt !== stamp) {
      target.changedAt = stamp;
      newlyChanged = 1;
    }
    if (start < target.start) target.start = start;
    if (end > target.end) target.end = end;
    // absorb the following sessions the (extended) target now reaches
    let k = i + 1;
    while (k < list.length && list[k]!.start <= target.end) {
      const next = list[k]!;
      for (let j = 0; j < fns.length; j++) target.bufs[j] = fns[j]!.merge(target.bufs[j], next.bufs[j]);
      if (next.end > target.end) target.end = next.end;
      if (next.emittedStart === next.emittedStart) (target.replaced ??= []).push([next.emittedStart, next.emittedEnd]);
      if (next.replaced) (target.replaced ??= []).push(...next.replaced);
      k++;
    }
    if (k > i + 1) list.splice(i + 1, k - i - 1);
  } else {
    let bufs: unknown[];
    if (template !== undefined) bufs = template.slice();
    else {
      bufs = new Array<unknown>(fns.length);
      for (let j = 0; j < fns.length; j++) bufs[j] = fns[j]!.init();
    }
    target = { start, end, bufs, emittedStart: Number.NaN, emittedEnd: Number.NaN, replaced: undefined, changedAt: stamp };
    newlyChanged = 1;
    list.splice(i, 0, target);
  }
  const bufs = target.bufs;
  for (let j = 0; j < fns.length; j++) {
    const f = fields[j];
    const op = inline[j];
    if (op === INLINE_COUNT && f === undefined) {
      bufs[j] = (bufs[j] as number) + 1;
      continue;
    }
    const v = f === undefined ? row : row[f];
    if (v === undefined || v === null) continue;
    if (op === INLINE_COUNT) bufs[j] = (bufs[j] as number) + 1;
    else if (op === INLINE_SUM) bufs[j] = (bufs[j] as number) + (v as number);
    else bufs[j] = fns[j]!.add(bufs[j], v);
  }
  return newlyChanged;
}
