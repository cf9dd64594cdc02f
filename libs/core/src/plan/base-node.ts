/**
 * Defaults for plan nodes: row-preserving event-time propagation, no output-mode rule.
 * Extend it for a new node and override what differs.
 */
import type { PhysicalOperator } from '../exec/operator.js';
import type { CompileContext, NodeTraits, OutputModeViolation, PlanNode, ValidationContext, WatermarkRef } from './node.js';

/**
 * @example
 * class DedupNode extends BaseNode {
 *   readonly kind = 'dedup';
 *   compile(children: readonly PhysicalOperator[], ctx: CompileContext) { ... }
 * }
 */
export abstract class BaseNode implements PlanNode {
  abstract readonly kind: string;
  readonly traits: NodeTraits = {};
  readonly children: readonly PlanNode[];

  constructor(children: readonly PlanNode[]) {
    this.children = children;
  }

  describe(): string {
    return this.kind;
  }

  /** Row-preserving default: the union of the children's event-time columns. */
  eventTimeColumns(): ReadonlyMap<string, WatermarkRef> {
    if (this.children.length === 1) return this.children[0]!.eventTimeColumns();
    const out = new Map<string, WatermarkRef>();
    for (const c of this.children) for (const [k, v] of c.eventTimeColumns()) if (!out.has(k)) out.set(k, v);
    return out;
  }

  /** Default: unknown. Row-preserving nodes (filter, withWatermark) return their child's. */
  outputColumns(): readonly string[] | undefined {
    return undefined;
  }

  checkOutputMode(_ctx: ValidationContext): OutputModeViolation | undefined {
    return undefined;
  }

  abstract compile(children: readonly PhysicalOperator[], ctx: CompileContext): PhysicalOperator;
}
