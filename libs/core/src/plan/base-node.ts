/**
 * Defaults for plan nodes: row-preserving event-time propagation, no output-mode rule, no
 * clustering required, unknown output partitioning, `withChildren` by copy.
 * Extend it for a new node and override what differs.
 */
import { StreamlabError } from '../errors.js';
import type { PhysicalOperator } from '../exec/operator.js';
import type { Clustering } from './partitioning.js';
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

  /** Default: no child needs clustering (stateless nodes). Keyed operators override it. */
  requiredChildClustering(): readonly (Clustering | undefined)[] {
    return this.children.map(() => undefined);
  }

  /** Default: unknown. Row-preserving nodes (filter, withWatermark, dedup) return their child's. */
  outputPartitioning(): readonly string[] | undefined {
    return undefined;
  }

  /**
   * A copy of this node over `children` (same class, same fields). Override it when a field was
   * derived from the children at construction.
   *
   * @example
   * const copy = node.withChildren([otherChild]); // copy.children[0] === otherChild
   */
  withChildren(children: readonly PlanNode[]): PlanNode {
    if (children.length !== this.children.length) {
      throw new StreamlabError('PLAN_CHILDREN', `${this.describe()} has ${this.children.length} children, not ${children.length}`, {
        value: children.length,
        hint: 'withChildren replaces the children one for one',
      });
    }
    const copy = Object.assign(Object.create(Object.getPrototypeOf(this) as object) as BaseNode, this);
    (copy as { children: readonly PlanNode[] }).children = children;
    return copy;
  }

  abstract compile(children: readonly PhysicalOperator[], ctx: CompileContext): PhysicalOperator;
}
