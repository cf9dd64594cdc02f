/** `stream.join(staticTable, on, how)`: a stream-static join (inner, left outer or left semi), stateless. */
import type { BatchContext } from '../../exec/batch-context.js';
import type { PhysicalOperator } from '../../exec/operator.js';
import { BaseNode } from '../../plan/base-node.js';
import type { CompileContext, PlanNode } from '../../plan/node.js';
import type { JoinKeys, JoinType } from './join-spec.js';
import type { StaticTable } from './static-table.js';
import { StaticJoinOperator } from './static-join-operator.js';

export class StaticJoinNode extends BaseNode {
  readonly kind = 'streamStaticJoin';
  readonly table: StaticTable<unknown>;
  readonly keys: JoinKeys;
  readonly how: JoinType;

  constructor(child: PlanNode, table: StaticTable<unknown>, keys: JoinKeys, how: JoinType) {
    super([child]);
    this.table = table;
    this.keys = keys;
    this.how = how;
  }

  override describe(): string {
    return `StreamStaticJoin [${this.how}, ${this.keys.left.join(', ')} = ${this.table.name}.${this.keys.right.join(', ')}]`;
  }

  /** The stream's rows keep their columns (the left side wins a clash): the stream's partitioning. */
  override outputPartitioning(): readonly string[] | undefined {
    return this.children[0]!.outputPartitioning?.();
  }

  compile(children: readonly PhysicalOperator[], ctx: CompileContext): PhysicalOperator {
    const source = this.table.openSource();
    const op = new StaticJoinOperator(children[0]!, this.keys, this.how, this.table.rows);
    if (source === undefined) return op;
    // The table is read through the runner (one await per refresh); each batch indexes the
    // version it read, if new.
    ctx.sourceIndex(source as never);
    let indexed: unknown;
    return {
      name: op.name,
      execute(batch: BatchContext): unknown[] {
        const served = source.served;
        if (served !== undefined && served !== indexed) {
          op.setTable(served.rows);
          indexed = served;
        }
        return op.execute(batch);
      },
    };
  }
}
