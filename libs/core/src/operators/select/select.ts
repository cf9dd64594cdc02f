/** `select(...fields)`: keeps only the named columns. */
import { objectRowOperator } from '../../exec/object-rows.js';
import type { PhysicalOperator } from '../../exec/operator.js';
import { BaseNode } from '../../plan/base-node.js';
import type { PlanNode, WatermarkRef } from '../../plan/node.js';

export class SelectNode extends BaseNode {
  readonly kind = 'select';
  readonly fields: readonly string[];

  constructor(child: PlanNode, fields: readonly string[]) {
    super([child]);
    this.fields = fields;
  }

  override describe(): string {
    return `Select [${this.fields.join(', ')}]`;
  }

  override eventTimeColumns(): ReadonlyMap<string, WatermarkRef> {
    const all = this.children[0]!.eventTimeColumns();
    const out = new Map<string, WatermarkRef>();
    for (const f of this.fields) {
      const w = all.get(f);
      if (w) out.set(f, w);
    }
    return out;
  }

  override outputColumns(): readonly string[] {
    return this.fields;
  }

  /** Only its fields: a stream-stream join below buffers no other column. */
  requiredChildColumns(): readonly (readonly string[] | undefined)[] {
    return [this.fields];
  }

  /** The child's, when every partitioning column is kept. */
  override outputPartitioning(): readonly string[] | undefined {
    const p = this.children[0]!.outputPartitioning?.();
    return p?.every((c) => this.fields.includes(c)) ? p : undefined;
  }

  compile(children: readonly PhysicalOperator[]): PhysicalOperator {
    const fields = this.fields;
    const n = fields.length;
    return objectRowOperator('select', children[0]!, (row) => {
      const o: Record<string, unknown> = {};
      for (let j = 0; j < n; j++) o[fields[j]!] = row[fields[j]!];
      return o;
    });
  }
}
