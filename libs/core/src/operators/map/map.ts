/** `map(fn)`: one output row per input row. */
import type { BatchContext } from '../../exec/batch-context.js';
import type { PhysicalOperator } from '../../exec/operator.js';
import { BaseNode } from '../../plan/base-node.js';
import type { PlanNode } from '../../plan/node.js';

export class MapNode extends BaseNode {
  readonly kind = 'map';
  readonly fn: (row: unknown) => unknown;

  constructor(child: PlanNode, fn: (row: unknown) => unknown) {
    super([child]);
    this.fn = fn;
  }

  compile(children: readonly PhysicalOperator[]): PhysicalOperator {
    const child = children[0]!;
    const fn = this.fn;
    return {
      name: 'map',
      execute(ctx: BatchContext): unknown[] {
        const input = child.execute(ctx);
        const out = new Array<unknown>(input.length);
        for (let i = 0; i < input.length; i++) out[i] = fn(input[i]);
        return out;
      },
    };
  }
}
