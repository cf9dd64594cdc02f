import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectList } from '../../aggregates/collect-list.js';
import { count } from '../../aggregates/count.js';
import { sum } from '../../aggregates/sum.js';
import { addRow, inlineOps, numericTemplate, type Fn } from './session-list.js';
import { END, KeySessions, START, STRIDE } from './session-table.js';

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

function run(rows: readonly { ts: number; v: number }[], gap: number, specs: { fn: unknown; field?: string }[]): { e: KeySessions; fns: Fn[] } {
  const fns = specs.map((a) => a.fn as Fn);
  const template = numericTemplate(fns);
  const e = new KeySessions('k', 1, template !== undefined);
  rows.forEach((r, i) => addRow(e, r.ts, r.ts + gap, r as never, specs.map((a) => a.field), fns, inlineOps(fns), i + 1, template));
  return { e, fns };
}

const rows = fc.array(fc.record({ ts: fc.integer({ min: 0, max: 200 }), v: fc.integer({ min: -9, max: 9 }) }), { maxLength: 40 });

describe('addRow on the columnar session list', () => {
  it('numeric buffers (count, sum): same sessions and aggregates as merging intervals one by one', () => {
    fc.assert(
      fc.property(rows, fc.integer({ min: 1, max: 30 }), (rs, gap) => {
        const { e, fns } = run(rs, gap, [count(), sum('v')]);
        const ref = reference(rs, gap);
        expect(e.n).toBe(ref.length);
        expect(e.t.length).toBe(ref.length * STRIDE);
        const got = ref.map((_, s) => ({ start: e.t[s * STRIDE + START], end: e.t[s * STRIDE + END], n: fns[0]!.result(e.b[2 * s]), total: fns[1]!.result(e.b[2 * s + 1]) }));
        expect(got).toEqual(ref.map((r) => ({ start: r.start, end: r.end, n: r.vs.length, total: r.vs.reduce((a, b) => a + b, 0) })));
      }),
    );
  });

  it('object buffers (collect_list) move with their sessions on inserts and merges', () => {
    fc.assert(
      fc.property(rows, fc.integer({ min: 1, max: 30 }), (rs, gap) => {
        const { e, fns } = run(rs, gap, [collectList('v'), count()]);
        const ref = reference(rs, gap);
        expect(e.n).toBe(ref.length);
        const got = ref.map((_, s) => ({ start: e.t[s * STRIDE + START], vs: [...(fns[0]!.result(e.b[2 * s]) as number[])].sort(), n: fns[1]!.result(e.b[2 * s + 1]) }));
        expect(got).toEqual(ref.map((r) => ({ start: r.start, vs: [...r.vs].sort(), n: r.vs.length })));
      }),
    );
  });
});
