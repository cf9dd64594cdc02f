/** `flatMap(fn)`: zero or more output rows per input row. */
import type { BatchContext } from '../../exec/batch-context.js';
import type { PhysicalOperator } from '../../exec/operator.js';
import { BaseNode } from '../../plan/base-node.js';
import type { PlanNode } from '../../plan/node.js';

export class FlatMapNode extends BaseNode {
  readonly kind = 'flatMap';
  readonly fn: (row: unknown) => Iterable<unknown>;

  constructor(child: PlanNode, fn: (row: unknown) => Iterable<unknown>) {
    super([child]);
    this.fn = fn;
  }

  compile(children: readonly PhysicalOperator[]): PhysicalOperator {
    const child = children[0]!;
    const fn = this.fn;
    return {
      name: 'flatMap',
      execute(ctx: BatchContext): unknown[] {
        const input = child.execute(ctx);
        const out: unknown[] = [];
        for (let i = 0; i < input.length; i++) {
          const produced = fn(input[i]);
          if (Array.isArray(produced)) {
            for (let j = 0; j < produced.length; j++) out.push(produced[j]);
          } else {
            for (const r of produced) out.push(r);
          }
        }
        return out;
      },
    };
  }
}
