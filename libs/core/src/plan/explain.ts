/** Renders a logical plan as an indented tree, one node per line. */
import type { PlanNode } from './node.js';

/**
 * @example
 * explainPlan(stream.plan); // "Aggregate [...]\n  EventTimeWatermark [...]\n    Source [...]"
 */
export function explainPlan(node: PlanNode, depth = 0, readColumns?: readonly string[]): string {
  const line = `${'  '.repeat(depth)}${node.describe(readColumns)}`;
  const reads = node.requiredChildColumns?.();
  return [line, ...node.children.map((c, i) => explainPlan(c, depth + 1, reads?.[i]))].join('\n');
}
