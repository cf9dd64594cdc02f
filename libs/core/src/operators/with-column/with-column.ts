/** `withColumn(name, fn)`: adds (or replaces) one computed column. */
import { objectRowOperator } from '../../exec/object-rows.js';
import type { PhysicalOperator } from '../../exec/operator.js';
import { BaseNode } from '../../plan/base-node.js';
import type { PlanNode, WatermarkRef } from '../../plan/node.js';

export class WithColumnNode extends BaseNode {
  readonly kind = 'withColumn';
  readonly column: string;
  readonly fn: (row: unknown) => unknown;

  constructor(child: PlanNode, column: string, fn: (row: unknown) => unknown) {
    super([child]);
    this.column = column;
    this.fn = fn;
  }

  override describe(): string {
    return `WithColumn [${this.column}]`;
  }

  override eventTimeColumns(): ReadonlyMap<string, WatermarkRef> {
    const all = this.children[0]!.eventTimeColumns();
    if (!all.has(this.column)) return all;
    const out = new Map(all);
    out.delete(this.column);
    return out;
  }

  override outputColumns(): readonly string[] | undefined {
    const cols = this.children[0]!.outputColumns();
    return cols && !cols.includes(this.column) ? [...cols, this.column] : cols;
  }

  /** The child's, unless this column overwrites a partitioning column. */
  override outputPartitioning(): readonly string[] | undefined {
    const p = this.children[0]!.outputPartitioning?.();
    return p?.includes(this.column) ? undefined : p;
  }

  compile(children: readonly PhysicalOperator[]): PhysicalOperator {
    const fn = this.fn;
    const column = this.column;
    return objectRowOperator('withColumn', children[0]!, (row) => {
      const o = Object.assign({}, row);
      o[column] = fn(row);
      return o;
    });
  }
}
