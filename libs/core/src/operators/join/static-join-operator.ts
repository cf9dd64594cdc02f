/**
 * The stream-static join: the table is indexed once per version (a `TupleIndex` on its join
 * keys); each stream row looks its key up, emitting one row per match (inner and left outer) or
 * the row with null table columns (left outer, no match). No state: the table is not state.
 * Output rows are built by a `RowMerger` (functions compiled for the field sets seen).
 */
import type { BatchContext } from '../../exec/batch-context.js';
import type { PhysicalOperator } from '../../exec/operator.js';
import type { JoinKeys, JoinType } from './join-spec.js';
import { RowMerger } from './row-merger.js';
import { TupleIndex } from './tuple-index.js';

type Row = Record<string, unknown>;

/** A table row as indexed: the row and its shape id for the merger. */
interface TableRow {
  readonly row: Row;
  readonly shape: number;
}

const rowOf = (item: TableRow): Row => item.row;

export class StaticJoinOperator implements PhysicalOperator {
  readonly name = 'streamStaticJoin';
  private readonly child: PhysicalOperator;
  private readonly keys: JoinKeys;
  private readonly how: JoinType;
  private index: TupleIndex<TableRow>;
  private merger = new RowMerger([]);

  constructor(child: PhysicalOperator, keys: JoinKeys, how: JoinType, rows: readonly unknown[] | undefined) {
    this.child = child;
    this.keys = keys;
    this.how = how;
    this.index = new TupleIndex<TableRow>(keys.right, rowOf);
    if (rows !== undefined) this.setTable(rows);
  }

  /** Indexes a (new version of the) table. */
  setTable(rows: readonly unknown[]): void {
    const index = new TupleIndex<TableRow>(this.keys.right, rowOf);
    const columns = new Set<string>();
    for (let i = 0; i < rows.length; i++) for (const c in rows[i] as Row) columns.add(c);
    const merger = new RowMerger([...columns]);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as Row;
      index.add({ row: r, shape: merger.rightShape(r) });
    }
    this.index = index;
    this.merger = merger;
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
    const merger = this.merger;
    const outer = this.how === 'leftOuter';
    for (let i = 0; i < rows.length; i++) {
      const left = rows[i]!;
      const matches = index.getOne(left[field]);
      if (matches === undefined) {
        if (outer) out.push(merger.leftOnly(left));
      } else if (matches.length === 1) {
        const m = matches[0]!;
        out.push(merger.merge(left, m.row, m.shape));
      } else {
        for (let j = 0; j < matches.length; j++) {
          const m = matches[j]!;
          out.push(merger.merge(left, m.row, m.shape));
        }
      }
    }
    return out;
  }

  private joinMany(rows: Row[], leftKeys: readonly string[]): unknown[] {
    const out: unknown[] = [];
    const index = this.index;
    const merger = this.merger;
    const outer = this.how === 'leftOuter';
    for (let i = 0; i < rows.length; i++) {
      const left = rows[i]!;
      const matches = index.get(left, leftKeys);
      if (matches === undefined) {
        if (outer) out.push(merger.leftOnly(left));
        continue;
      }
      for (let j = 0; j < matches.length; j++) {
        const m = matches[j]!;
        out.push(merger.merge(left, m.row, m.shape));
      }
    }
    return out;
  }
}
