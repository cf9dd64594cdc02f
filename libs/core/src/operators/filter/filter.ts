/** `filter(predicate)`: keeps the rows for which the predicate is true. */
import type { BatchContext } from '../../exec/batch-context.js';
import type { PhysicalOperator } from '../../exec/operator.js';
import { BaseNode } from '../../plan/base-node.js';
import type { PlanNode } from '../../plan/node.js';

export class FilterNode extends BaseNode {
  readonly kind = 'filter';
  readonly predicate: (row: unknown) => boolean;

  constructor(child: PlanNode, predicate: (row: unknown) => boolean) {
    super([child]);
    this.predicate = predicate;
  }

  override outputColumns(): readonly string[] | undefined {
    return this.children[0]!.outputColumns();
  }

  override outputPartitioning(): readonly string[] | undefined {
    return this.children[0]!.outputPartitioning?.();
  }

  compile(children: readonly PhysicalOperator[]): PhysicalOperator {
    const child = children[0]!;
    const predicate = this.predicate;
    return {
      name: 'filter',
      execute(ctx: BatchContext): unknown[] {
        const input = child.execute(ctx);
        const out: unknown[] = [];
        for (let i = 0; i < input.length; i++) {
          const row = input[i];
          if (predicate(row)) out.push(row);
        }
        return out;
      },
    };
  }
}
