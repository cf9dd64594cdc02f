import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectList } from '../../aggregates/collect-list.js';
import { count } from '../../aggregates/count.js';
import { sum } from '../../aggregates/sum.js';
import { addRow, allNumeric, inlineOps, type Fn } from './session-list.js';
import { BUFS, END, HEADER, N, SessionTable, SPILLED, START } from './session-table.js';

interface Ref {
  start: number;
  end: number;
  vs: number[];
}

/** The reference: a row's interval merged with every interval it overlaps or touches, re-sorted. */
function reference(rows: readonly { ts: number; v: number }[], gap: number): Ref[] {
  let out: Ref[] = [];
  for (const r of rows) {
    let s: Ref = { start: r.ts, end: r.ts + gap, vs: [r.v] };
    const keep: Ref[] = [];
    for (const o of out) {
      if (o.end >= s.start && o.start <= s.end) s = { start: Math.min(o.start, s.start), end: Math.max(o.end, s.end), vs: [...o.vs, ...s.vs] };
      else keep.push(o);
    }
    out = [...keep, s].sort((a, b) => a.start - b.start);
  }
  return out;
}

interface Got {
  start: number;
  end: number;
  bufs: unknown[];
}

/** Adds `rows` to key 'k' (after `others` keys, so the key's slot is not the first) and reads its sessions back. */
function run(
  rows: readonly { ts: number; v: number }[],
  gap: number,
  specs: { fn: unknown; field?: string }[],
  others = 0,
): { got: Got[]; fns: Fn[]; table: SessionTable } {
  const fns = specs.map((a) => a.fn as Fn);
  const table = new SessionTable(fns.length, allNumeric(fns));
  for (let o = 0; o < others; o++)
    addRow(
      table,
      table.slotFor(`other-${o}`),
      o,
      o + gap,
      { v: 1 },
      specs.map((a) => a.field),
      fns,
      inlineOps(fns),
      1,
    );
  const s = table.slotFor('k');
  rows.forEach((r, i) =>
    addRow(
      table,
      s,
      r.ts,
      r.ts + gap,
      r as never,
      specs.map((a) => a.field),
      fns,
      inlineOps(fns),
      i + 1,
    ),
  );
  const h = s * table.SLOT;
  const spilled = table.d[h + SPILLED] !== 0;
  const a = spilled ? table.spill[s]! : table.d;
  const base = spilled ? 0 : h + HEADER;
  const got: Got[] = [];
  for (let i = 0; i < table.d[h + N]!; i++) {
    const p = base + i * table.R;
    const bufs = fns.map((f, j) => f.result(table.numeric ? a[p + BUFS + j] : table.pool[a[p + BUFS]! * fns.length + j]));
    got.push({ start: a[p + START]!, end: a[p + END]!, bufs });
  }
  if (got.length > 0) expect(table.firstEnd[s]).toBe(got[0]!.end);
  return { got, fns, table };
}

const rows = fc.array(fc.record({ ts: fc.integer({ min: 0, max: 200 }), v: fc.integer({ min: -9, max: 9 }) }), { maxLength: 40 });

describe('addRow on the columnar session list', () => {
  it('numeric buffers (count, sum): same sessions and aggregates as merging intervals one by one', () => {
    fc.assert(
      fc.property(rows, fc.integer({ min: 1, max: 30 }), (rs, gap) => {
        const { got, table } = run(rs, gap, [count(), sum('v')], rs.length % 3);
        expect(table.numeric).toBe(true);
        const ref = reference(rs, gap);
        expect(got).toEqual(ref.map((r) => ({ start: r.start, end: r.end, bufs: [r.vs.length, r.vs.reduce((a, b) => a + b, 0)] })));
      }),
    );
  });

  it('object buffers (collect_list) move with their sessions on inserts and merges', () => {
    fc.assert(
      fc.property(rows, fc.integer({ min: 1, max: 30 }), (rs, gap) => {
        const { got, table } = run(rs, gap, [collectList('v'), count()], rs.length % 3);
        expect(table.numeric).toBe(false);
        const ref = reference(rs, gap);
        const sorted = (vs: unknown) => [...(vs as number[])].sort();
        expect(got.map((g) => ({ start: g.start, end: g.end, vs: sorted(g.bufs[0]), n: g.bufs[1] }))).toEqual(
          ref.map((r) => ({ start: r.start, end: r.end, vs: sorted(r.vs), n: r.vs.length })),
        );
        // merged sessions give their buffer handles back: live handles = sessions (+ one per other key)
        let live = 0;
        for (let h = 0; h < table.pool.length / 2; h++) if (table.pool[h * 2 + 1] !== undefined) live++;
        expect(live).toBe(ref.length + (rs.length % 3));
      }),
    );
  });
});
