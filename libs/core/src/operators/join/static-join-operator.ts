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

/** A table row as indexed when the table's rows have several shapes: the row and its shape id. */
interface TableRow {
  readonly row: Row;
  readonly shape: number;
}

/** An indexed item: the row itself when every row has the same shape (`uniformShape`), else a `TableRow`. */
type Item = Row | TableRow;
const rowOfItem = (item: TableRow): Row => item.row;

export class StaticJoinOperator implements PhysicalOperator {
  readonly name = 'streamStaticJoin';
  private readonly child: PhysicalOperator;
  private readonly keys: JoinKeys;
  private readonly how: JoinType;
  private index: TupleIndex<Item>;
  private merger = new RowMerger([]);
  /** The shape id shared by every table row (the usual case: items are the rows), else `undefined`. */
  private uniformShape: number | undefined;

  constructor(child: PhysicalOperator, keys: JoinKeys, how: JoinType, rows: readonly unknown[] | undefined) {
    this.child = child;
    this.keys = keys;
    this.how = how;
    this.index = new TupleIndex<Item>(keys.right);
    if (rows !== undefined) this.setTable(rows);
  }

  /** Indexes a (new version of the) table. */
  setTable(rows: readonly unknown[]): void {
    const columns = new Set<string>();
    for (let i = 0; i < rows.length; i++) for (const c in rows[i] as Row) columns.add(c);
    const merger = new RowMerger([...columns]);
    const shapes = new Int32Array(rows.length);
    let uniform: number | undefined = rows.length > 0 ? merger.rightShape(rows[0] as Row) : -1;
    for (let i = 0; i < rows.length; i++) {
      shapes[i] = merger.rightShape(rows[i] as Row);
      if (shapes[i] !== uniform) uniform = undefined;
    }
    const index = uniform === undefined ? new TupleIndex<Item>(this.keys.right, rowOfItem as (item: Item) => unknown) : new TupleIndex<Item>(this.keys.right);
    for (let i = 0; i < rows.length; i++) index.add(uniform === undefined ? { row: rows[i] as Row, shape: shapes[i]! } : (rows[i] as Row));
    this.index = index;
    this.merger = merger;
    this.uniformShape = uniform;
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
    const uniform = this.uniformShape;
    for (let i = 0; i < rows.length; i++) {
      const left = rows[i]!;
      const matches = index.getOne(left[field]);
      if (matches === undefined) {
        if (outer) out.push(merger.leftOnly(left));
      } else if (uniform !== undefined) {
        for (let j = 0; j < matches.length; j++) out.push(merger.merge(left, matches[j] as Row, uniform));
      } else {
        for (let j = 0; j < matches.length; j++) {
          const m = matches[j] as TableRow;
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
    const uniform = this.uniformShape;
    for (let i = 0; i < rows.length; i++) {
      const left = rows[i]!;
      const matches = index.get(left, leftKeys);
      if (matches === undefined) {
        if (outer) out.push(merger.leftOnly(left));
        continue;
      }
      for (let j = 0; j < matches.length; j++) {
        const m = matches[j]!;
        if (uniform !== undefined) out.push(merger.merge(left, m as Row, uniform));
        else out.push(merger.merge(left, (m as TableRow).row, (m as TableRow).shape));
      }
    }
    return out;
  }
}
