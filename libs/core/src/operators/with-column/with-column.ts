/** `withColumn(name, fn)`: adds (or replaces) one computed column. */
import type { BatchContext } from '../../exec/batch-context.js';
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

  compile(children: readonly PhysicalOperator[]): PhysicalOperator {
    const child = children[0]!;
    const fn = this.fn;
    const column = this.column;
    return {
      name: 'withColumn',
      execute(ctx: BatchContext): unknown[] {
        const input = child.execute(ctx) as Record<string, unknown>[];
        const out: unknown[] = [];
        for (let i = 0; i < input.length; i++) {
          const row = input[i]!;
          if (typeof row !== 'object' || row === null) {
            ctx.reportInvalid(row, `row is not an object: ${String(row)}`, 'withColumn');
            continue;
          }
          const o = Object.assign({}, row);
          o[column] = fn(row);
          out.push(o);
        }
        return out;
      },
    };
  }
}
