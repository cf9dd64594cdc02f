/** Questions about a logical plan's tree that several nodes' rules ask. */
import type { PlanNode } from './node.js';

/** Whether `node` has a streaming aggregation below it (not counting itself). */
export function hasAggregationBelow(node: PlanNode): boolean {
  return node.children.some((c) => c.traits.aggregation === true || hasAggregationBelow(c));
}

/** Whether `node` is a streaming aggregation or has one below it. */
export function hasAggregation(node: PlanNode): boolean {
  return node.traits.aggregation === true || hasAggregationBelow(node);
}
