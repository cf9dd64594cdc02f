/** Renders a logical plan as an indented tree, one node per line. */
import type { PlanNode } from './node.js';

/**
 * @example
 * explainPlan(stream.plan); // "Aggregate [...]\n  EventTimeWatermark [...]\n    Source [...]"
 */
export function explainPlan(node: PlanNode, depth = 0): string {
  const line = `${'  '.repeat(depth)}${node.describe()}`;
  return [line, ...node.children.map((c) => explainPlan(c, depth + 1))].join('\n');
}
