/**
 * Spark's output-mode matrix, checked when a query starts: each node checks its own rule (see
 * `PlanNode.checkOutputMode`); the plan-wide rule is that complete mode needs an aggregation.
 */
import { StreamlabError } from '../errors.js';
import type { OutputMode } from '../ports.js';
import type { OutputModeViolation, PlanNode } from './node.js';
import { hasAggregation } from './tree.js';

function walk(node: PlanNode, mode: OutputMode, above: number): OutputModeViolation | undefined {
  const own = node.checkOutputMode({ outputMode: mode, aggregationsAbove: above });
  if (own) return own;
  const next = above + (node.traits.aggregation ? 1 : 0);
  for (const c of node.children) {
    const v = walk(c, mode, next);
    if (v) return v;
  }
  return undefined;
}

/**
 * Throws a `StreamlabError` naming the broken rule and how to fix it.
 *
 * @example
 * validateOutputMode(stream.plan, 'append'); // throws APPEND_NEEDS_WATERMARK for an unwatermarked aggregation
 */
export function validateOutputMode(root: PlanNode, mode: OutputMode): void {
  const violation: OutputModeViolation | undefined =
    mode === 'complete' && !hasAggregation(root)
      ? {
          code: 'COMPLETE_NEEDS_AGGREGATION',
          rule: 'complete output mode needs a streaming aggregation (there is no result table to re-emit without one)',
          fix: "use outputMode('append') or 'update', or add groupBy(...).agg(...)",
        }
      : walk(root, mode, 0);
  if (violation) {
    throw new StreamlabError(violation.code, `output mode "${mode}" is not allowed: ${violation.rule}`, {
      value: mode,
      hint: violation.fix,
    });
  }
}
