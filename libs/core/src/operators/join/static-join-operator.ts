/**
 * The stream-static join: the table is indexed once per version (a `TupleIndex` on its join
 * keys); each stream row looks its key up, emitting one row per match (inner and left outer) or
 * the row with null table columns (left outer, no match). No state: the table is not state.
 * Output rows are built by a `RowMerger` (functions compiled for the field sets seen).
 *
 * The usual reference table (one row per key, every row of one shape, one key column) is instead
 * indexed as a plain `Map` key → row (`unique`): a lookup then yields the row itself, one
 * dependent load less per event than a list of matches. Such a table is joined by `JoinKernel`s:
 * the loop compiled per stream row shape.
 */
import type { BatchContext } from '../../exec/batch-context.js';
import type { PhysicalOperator } from '../../exec/operator.js';
import type { JoinKeys, JoinType } from './join-spec.js';
import { JoinKernels, type JoinKernel } from './join-kernel.js';
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
  /** Key → its one row, when the key is one column, keys are unique and rows share one shape. */
  private unique: Map<unknown, Row> | undefined;
  /** Loops compiled per stream row shape for `unique` (when its rows' shape compiled), and the last one used. */
  private kernels: JoinKernels | undefined;
  private kernel: JoinKernel | undefined;

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
    const unique = uniform !== undefined && this.keys.right.length === 1 ? uniqueIndex(rows as readonly Row[], this.keys.right[0]!) : undefined;
    const index = uniform === undefined ? new TupleIndex<Item>(this.keys.right, rowOfItem as (item: Item) => unknown) : new TupleIndex<Item>(this.keys.right);
    // with a unique index the tuple index is never read (keys of one column go to joinUnique)
    if (unique === undefined)
      for (let i = 0; i < rows.length; i++) index.add(uniform === undefined ? { row: rows[i] as Row, shape: shapes[i]! } : (rows[i] as Row));
    this.index = index;
    this.merger = merger;
    this.uniformShape = uniform;
    this.unique = unique;
    this.kernels =
      unique !== undefined && uniform !== undefined && uniform >= 0
        ? new JoinKernels(merger, uniform, this.keys.left[0]!, this.how === 'leftOuter')
        : undefined;
    this.kernel = undefined;
  }

  execute(ctx: BatchContext): unknown[] {
    const rows = this.child.execute(ctx) as Row[];
    const leftKeys = this.keys.left;
    if (this.how === 'leftSemi') return this.semi(rows, leftKeys);
    if (leftKeys.length !== 1) return this.joinMany(rows, leftKeys);
    const unique = this.unique;
    return unique !== undefined ? this.joinUnique(rows, leftKeys[0]!, unique) : this.joinOne(rows, leftKeys[0]!);
  }

  /**
   * One key column, at most one table row per key, one table row shape (the hot path): runs of
   * rows of one shape go through that shape's kernel; a row no kernel takes is joined by `joinRow`.
   */
  private joinUnique(rows: Row[], field: string, unique: Map<unknown, Row>): unknown[] {
    const out: unknown[] = [];
    const kernels = this.kernels;
    const n = rows.length;
    if (kernels === undefined) {
      for (let i = 0; i < n; i++) this.joinRow(rows[i]!, field, unique, out);
      return out;
    }
    let kernel = this.kernel;
    let i = 0;
    while (i < n) {
      const next = kernel === undefined ? i : kernel(rows, i, out, unique);
      if (next !== i) {
        i = next;
        continue;
      }
      // rows[i] does not have the shape of `kernel` (or there is none): switch, or join it row by row
      const k = kernels.for(rows[i]);
      if (k === undefined || k === kernel) {
        this.joinRow(rows[i]!, field, unique, out);
        i++;
      }
      kernel = k;
    }
    this.kernel = kernel;
    return out;
  }

  /** One row against the unique index, through the `RowMerger`. */
  private joinRow(left: Row, field: string, unique: Map<unknown, Row>, out: unknown[]): void {
    // null and undefined keys are never in `unique`, so they do not match (SQL equality)
    const right = unique.get(left[field]);
    if (right !== undefined) out.push(this.merger.merge(left, right, this.uniformShape!));
    else if (this.how === 'leftOuter') out.push(this.merger.leftOnly(left));
  }

  /** Left semi join (Spark's left_semi): each stream row that has a match in the table, as it is, once. */
  private semi(rows: Row[], leftKeys: readonly string[]): unknown[] {
    const out: unknown[] = [];
    const unique = this.unique;
    const field = leftKeys.length === 1 ? leftKeys[0]! : undefined;
    for (let i = 0; i < rows.length; i++) {
      const left = rows[i]!;
      const found =
        field === undefined
          ? this.index.get(left, leftKeys) !== undefined
          : unique !== undefined
            ? unique.has(left[field])
            : this.index.getOne(left[field]) !== undefined;
      if (found) out.push(left);
    }
    return out;
  }

  /** Single-column keys, several rows per key or several row shapes: one `Map.get` per row. */
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

/** Key column value → row, or `undefined` when a key has several rows. Null and undefined keys are left out. */
function uniqueIndex(rows: readonly Row[], field: string): Map<unknown, Row> | undefined {
  const map = new Map<unknown, Row>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const v = row[field];
    if (v === null || v === undefined) continue;
    if (map.has(v)) return undefined;
    map.set(v, row);
  }
  return map;
}
