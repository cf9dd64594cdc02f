/** `union(other)`: the rows of both streams (each input keeps its own watermark). */
import type { BatchContext } from '../../exec/batch-context.js';
import type { PhysicalOperator } from '../../exec/operator.js';
import { BaseNode } from '../../plan/base-node.js';
import type { PlanNode, WatermarkRef } from '../../plan/node.js';
import { samePartitioning } from '../../plan/partitioning.js';

export class UnionNode extends BaseNode {
  readonly kind = 'union';

  constructor(children: readonly PlanNode[]) {
    super(children);
  }

  /**
   * As in Spark, a union's columns are its first input's, with their watermark metadata: a column
   * the first input watermarks is an event-time column of the union (rows of every input are then
   * judged late by the query watermark), whatever the other inputs declare.
   */
  override eventTimeColumns(): ReadonlyMap<string, WatermarkRef> {
    return this.children[0]!.eventTimeColumns();
  }

  override outputColumns(): readonly string[] | undefined {
    return this.children[0]!.outputColumns();
  }

  /** The inputs' partitioning when they all have the same, else unknown. */
  override outputPartitioning(): readonly string[] | undefined {
    return samePartitioning(this.children.map((c) => c.outputPartitioning?.()));
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
