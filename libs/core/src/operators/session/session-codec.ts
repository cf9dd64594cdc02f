/**
 * Snapshot form of a key's sessions (what checkpoints store): `[start, end, buffers, emittedStart,
 * emittedEnd]` per session, buffers through the aggregates' `toJSON`/`fromJSON`. Independent of
 * the in-memory layout of the `SessionTable`.
 */
import type { Fn } from './session-list.js';
import { BUFS, CHANGED_AT, EMITTED_END, EMITTED_START, END, HEADER, INLINE, N, REPLACED, SPILLED, START, type SessionTable } from './session-table.js';

/** A session as stored in snapshots: `[start, end, buffers, emittedStart, emittedEnd]`. */
export type SessionJson = [number, number, unknown[], number | null, number | null];

/**
 * The sessions of slot `s` in snapshot form.
 *
 * @example
 * const entries = [[table.keys[s], encodeSessions(table, s, fns)]];
 */
export function encodeSessions(t: SessionTable, s: number, fns: readonly Fn[]): SessionJson[] {
  const h = s * t.SLOT;
  const a = t.d[h + SPILLED] !== 0 ? t.spill[s]! : t.d;
  const base = t.d[h + SPILLED] !== 0 ? 0 : h + HEADER;
  const width = fns.length;
  const out: SessionJson[] = [];
  for (let i = 0; i < t.d[h + N]!; i++) {
    const p = base + i * t.R;
    const es = a[p + EMITTED_START]!;
    const ee = a[p + EMITTED_END]!;
    const hb = t.numeric ? 0 : a[p + BUFS]! * width;
    const bufs = fns.map((f, j) => {
      const b = t.numeric ? a[p + BUFS + j] : t.pool[hb + j];
      return f.toJSON ? f.toJSON(b) : b;
    });
    out.push([a[p + START]!, a[p + END]!, bufs, es === es ? es : null, ee === ee ? ee : null]);
  }
  return out;
}

/**
 * Replaces the table's content with snapshot entries `[key, sessions]` (keys in slot order, as
 * `snapshot()` wrote them); `keyOf` turns a snapshot key back into the canonical key. Returns the
 * smallest session end.
 *
 * @example
 * minEnd = restoreSessions(table, snapshot.entries, fns, (k) => keys.reintern(k));
 */
export function restoreSessions(t: SessionTable, entries: readonly [unknown, SessionJson[]][], fns: readonly Fn[], keyOf: (k: unknown) => unknown): number {
  t.clear();
  let minEnd = Infinity;
  for (const [k, list] of entries) {
    if (list.length === 0) continue;
    const s = t.add(keyOf(k));
    const h = s * t.SLOT;
    const a = list.length > INLINE ? t.spillTo(s, list.length) : t.d;
    const base = list.length > INLINE ? 0 : h + HEADER;
    list.forEach(([start, end, bufs, es, ee], i) => {
      const p = base + i * t.R;
      a[p + START] = start;
      a[p + END] = end;
      a[p + EMITTED_START] = es ?? Number.NaN;
      a[p + EMITTED_END] = ee ?? Number.NaN;
      a[p + CHANGED_AT] = 0;
      a[p + REPLACED] = 0;
      const values = fns.map((f, j) => (f.fromJSON ? f.fromJSON(bufs[j]) : bufs[j]));
      if (t.numeric) values.forEach((v, j) => (a[p + BUFS + j] = v as number));
      else {
        const hb = t.newHandle(fns);
        values.forEach((v, j) => (t.pool[hb * fns.length + j] = v));
        a[p + BUFS] = hb;
      }
    });
    t.d[h + N] = list.length;
    t.firstEnd[s] = list[0]![1];
    if (list[0]![1] < minEnd) minEnd = list[0]![1];
    t.sessions += list.length;
  }
  return minEnd;
}
