/**
 * The stream-static join: the table is indexed once per version (a `TupleIndex` on its join
 * keys); each stream row looks its key up, emitting one row per match (inner and left outer) or
 * the row with null table columns (left outer, no match). No state: the table is not state.
 */
import type { BatchContext } from '../../exec/batch-context.js';
import type { PhysicalOperator } from '../../exec/operator.js';
import { joined, leftOnly, type JoinKeys, type JoinType } from './join-spec.js';
import { TupleIndex } from './tuple-index.js';

type Row = Record<string, unknown>;

export class StaticJoinOperator implements PhysicalOperator {
  readonly name = 'streamStaticJoin';
  private readonly child: PhysicalOperator;
  private readonly keys: JoinKeys;
  private readonly how: JoinType;
  private index: TupleIndex<Row>;
  private rightColumns: string[] = [];

  constructor(child: PhysicalOperator, keys: JoinKeys, how: JoinType, rows: readonly unknown[] | undefined) {
    this.child = child;
    this.keys = keys;
    this.how = how;
    this.index = new TupleIndex<Row>(keys.right);
    if (rows !== undefined) this.setTable(rows);
  }

  /** Indexes a (new version of the) table. */
  setTable(rows: readonly unknown[]): void {
    const index = new TupleIndex<Row>(this.keys.right);
    const columns = new Set<string>();
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as Row;
      index.add(r);
      for (const c in r) columns.add(c);
    }
    this.index = index;
    this.rightColumns = [...columns];
  }

  execute(ctx: BatchContext): unknown[] {
    const rows = this.child.execute(ctx) as Row[];
    const leftKeys = this.keys.left;
    return leftKeys.length === 1 ? this.joinOne(rows, leftKeys[0]!) : this.joinMany(rows, leftKeys);
  }

  /** Single-column keys: one `Map.get` per row (the hot path). */
  private joinOne(rows: Row[], field: string): unknown[] {
    const out: unknown[] = [];
    const index = this.index;
    const outer = this.how === 'leftOuter';
    for (let i = 0; i < rows.length; i++) {
      const left = rows[i]!;
      const matches = index.getOne(left[field]);
      if (matches === undefined) {
        if (outer) out.push(leftOnly(left, this.rightColumns));
      } else if (matches.length === 1) out.push(Object.assign({}, matches[0]!, left));
      else for (let j = 0; j < matches.length; j++) out.push(joined(left, matches[j]!));
    }
    return out;
  }

  private joinMany(rows: Row[], leftKeys: readonly string[]): unknown[] {
    const out: unknown[] = [];
    const index = this.index;
    const outer = this.how === 'leftOuter';
    for (let i = 0; i < rows.length; i++) {
      const left = rows[i]!;
      const matches = index.get(left, leftKeys);
      if (matches === undefined) {
        if (outer) out.push(leftOnly(left, this.rightColumns));
        continue;
      }
      for (let j = 0; j < matches.length; j++) out.push(joined(left, matches[j]!));
    }
    return out;
  }
}
