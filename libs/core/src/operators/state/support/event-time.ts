/** Finding the watermarked event-time column an issue-4 operator works with. */
import type { PlanNode, WatermarkRef } from '../../../plan/node.js';

/**
 * The event-time column of `node`'s output: `preferred` when given (if it is watermarked), else
 * the first watermarked column (as Spark does when a plan carries several, e.g. after a join).
 * `undefined` when there is none.
 *
 * @example
 * eventTimeField(child, undefined); // 'ts' after .withWatermark('ts', ...)
 */
export function eventTimeField(node: PlanNode, preferred: string | undefined): string | undefined {
  const cols: ReadonlyMap<string, WatermarkRef> = node.eventTimeColumns();
  if (preferred !== undefined) return cols.has(preferred) ? preferred : undefined;
  return cols.keys().next().value;
}
