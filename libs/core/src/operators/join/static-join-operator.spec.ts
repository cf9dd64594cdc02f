import { describe, expect, it } from 'vitest';
import type { BatchContext } from '../../exec/batch-context.js';
import type { PhysicalOperator } from '../../exec/operator.js';
import type { JoinType } from './join-spec.js';
import { StaticJoinOperator } from './static-join-operator.js';

type Row = Record<string, unknown>;

/** A row whose prototype has an enumerable column (for...in sees it, Object.assign does not). */
class WithProto {
  ts = 9;
  cardId = 'c1';
  amount = 1;
}
(WithProto.prototype as unknown as Row).inherited = 'x';

const rowsOf = (rows: Row[]): PhysicalOperator => ({ name: 'rows', execute: () => rows });
const ctx = {} as BatchContext;

/** Spark's stream-static join on `cardId`, written the slow and obvious way. */
function reference(stream: Row[], table: Row[], how: JoinType): Row[] {
  const columns = [...new Set(table.flatMap((r) => Object.keys(r)))];
  const out: Row[] = [];
  for (const l of stream) {
    const k = l.cardId;
    const matches = k === null || k === undefined ? [] : table.filter((r) => [r.cardId].includes(k));
    for (const r of matches) out.push(Object.assign({}, r, l));
    if (matches.length === 0 && how === 'leftOuter') out.push(Object.assign(Object.fromEntries(columns.map((c) => [c, null])), l));
  }
  return out;
}

/** Same rows, same own keys in the same order. */
const layout = (rows: unknown[]): string[] => rows.map((r) => JSON.stringify(Object.entries(r as Row)));

describe('StaticJoinOperator', () => {
  // one row per key, one shape: the Map key -> row fast path (a null key is never indexed)
  const table: Row[] = [
    { cardId: 'c1', country: 'FR', limit: 100 },
    { cardId: 'c2', country: 'DE', limit: 500 },
    { cardId: 1, country: 'AT', limit: 700 },
    { cardId: Number.NaN, country: 'IT', limit: 50 },
    { cardId: null, country: 'XX', limit: 0 },
  ];
  // the same table plus a duplicated key nobody asks for: the general (list of matches) path
  const general: Row[] = [...table, { cardId: 'unused', country: 'NL', limit: 1 }, { cardId: 'unused', country: 'BE', limit: 2 }];
  const stream: Row[] = [
    { ts: 1, cardId: 'c1', amount: 5 },
    { ts: 2, cardId: 'c9', amount: 6 },
    { ts: 3, cardId: null, amount: 7 },
    { ts: 4, amount: 8 }, // no key column
    { ts: 5, cardId: 1, amount: 9 },
    { ts: 6, cardId: '1', amount: 10 }, // not the number 1
    { cardId: 'c2', limit: -1 }, // another shape; its limit wins the clash
    { ts: 7, cardId: Number.NaN, amount: 11 },
    { ts: 8, cardId: 'c2', amount: 12 }, // back to the first shape
    { ts: 9, cardId: 'c2', amount: 13 },
    new WithProto() as unknown as Row,
    JSON.parse('{"ts": 10, "cardId": "c1", "__proto__": 1}') as Row, // an own __proto__ column
    { ts: 11, cardId: 'c1', amount: 14 },
    { ts: 12, cardId: 'c1' }, // a prefix of the shape before
  ];

  for (const how of ['inner', 'leftOuter'] as const) {
    it(`${how}: a table with one row per key joins exactly like the general path and the reference`, () => {
      const keys = { left: ['cardId'], right: ['cardId'] };
      const fast = new StaticJoinOperator(rowsOf(stream), keys, how, table);
      const slow = new StaticJoinOperator(rowsOf(stream), keys, how, general);
      expect(fast['unique']).toBeDefined();
      expect(fast['kernels']).toBeDefined();
      expect(slow['unique']).toBeUndefined();
      const expected = reference(stream, table, how);
      expect(expected.length).toBe(how === 'inner' ? 10 : 14);
      for (let round = 0; round < 2; round++) {
        expect(layout(fast.execute(ctx))).toEqual(layout(expected));
        expect(layout(slow.execute(ctx))).toEqual(layout(expected));
      }
    });
  }

  it('more stream row shapes than compiled kernels: the rest are joined row by row, alike', () => {
    const many: Row[] = [];
    for (let i = 0; i < 150; i++) many.push({ [`c${i % 80}`]: i, cardId: i % 3 ? 'c1' : 'c7', ts: i });
    for (const how of ['inner', 'leftOuter'] as const) {
      const op = new StaticJoinOperator(rowsOf(many), { left: ['cardId'], right: ['cardId'] }, how, table);
      expect(layout(op.execute(ctx))).toEqual(layout(reference(many, table, how)));
    }
  });

  it('a new table version without unique keys leaves the fast path (and back)', () => {
    const keys = { left: ['cardId'], right: ['cardId'] };
    const op = new StaticJoinOperator(rowsOf(stream), keys, 'inner', table);
    op.setTable(general.concat([{ cardId: 'c1', country: 'ES', limit: 9 }]));
    expect(op['unique']).toBeUndefined();
    expect(layout(op.execute(ctx))).toEqual(layout(reference(stream, general.concat([{ cardId: 'c1', country: 'ES', limit: 9 }]), 'inner')));
    op.setTable(table.slice(0, 2));
    expect(op['unique']).toBeDefined();
    expect(layout(op.execute(ctx))).toEqual(layout(reference(stream, table.slice(0, 2), 'inner')));
  });
});
