/** `union(other)`: the rows of both streams (each input keeps its own watermark). */
import type { BatchContext } from '../../exec/batch-context.js';
import type { PhysicalOperator } from '../../exec/operator.js';
import { BaseNode } from '../../plan/base-node.js';
import type { PlanNode, WatermarkRef } from '../../plan/node.js';

export class UnionNode extends BaseNode {
  readonly kind = 'union';

  constructor(children: readonly PlanNode[]) {
    super(children);
  }

  /** A column is an event-time column of the union only if every input watermarks it. */
  override eventTimeColumns(): ReadonlyMap<string, WatermarkRef> {
    const [first, ...rest] = this.children;
    const out = new Map<string, WatermarkRef>();
    for (const [k, v] of first!.eventTimeColumns()) {
      if (rest.every((c) => c.eventTimeColumns().has(k))) out.set(k, v);
    }
    return out;
  }

  override outputColumns(): readonly string[] | undefined {
    return this.children[0]!.outputColumns();
  }

  compile(children: readonly PhysicalOperator[]): PhysicalOperator {
    return {
      name: 'union',
      execute(ctx: BatchContext): unknown[] {
        const out: unknown[] = [];
        for (let c = 0; c < children.length; c++) {
          const rows = children[c]!.execute(ctx);
          for (let i = 0; i < rows.length; i++) out.push(rows[i]);
        }
        return out;
      },
    };
  }
}
