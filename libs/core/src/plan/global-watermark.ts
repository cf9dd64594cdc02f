/**
 * Spark 3.4+'s rule for chained stateful operators (`UnsupportedOperationChecker.
 * checkStreamingQueryGlobalWatermarkLimit`): in append mode a stateful operator may follow another
 * (an aggregation over an aggregation, dedup or a join after an aggregation, an aggregation after
 * a join), because an upstream aggregation emits a row only once the watermark closed it. In
 * update or complete mode an upstream aggregation can emit rows older than the watermark, which
 * the downstream operator would drop as late, so Spark refuses the query with this message.
 */
import type { OutputModeViolation, PlanNode } from './node.js';
import { hasAggregationBelow } from './tree.js';

/** Spark's message, word for word (the config it names does not exist in StreamLab). */
export const GLOBAL_WATERMARK_CORRECTNESS =
  'Detected pattern of possible \'correctness\' issue due to global watermark. The query contains stateful operation which can emit rows older than the current watermark plus allowed late record delay, which are "late rows" in downstream stateful operations and these rows can be discarded.';

/** Stateful operators with rules of their own outside append mode (they report those first). */
const OWN_RULES = new Set(['streamStreamJoin', 'groupState', 'flatMapGroupsWithState', 'mapGroupsWithState']);

function ownRulesBelow(node: PlanNode): boolean {
  return node.children.some((c) => (c.traits.stateful === true && OWN_RULES.has((c as { kind?: string }).kind ?? '')) || ownRulesBelow(c));
}

/** The violation for a stateful `node` with another stateful operator below it, outside append mode. */
export function chainedStatefulViolation(code: string, node: PlanNode, outputMode: string): OutputModeViolation | undefined {
  // Only an upstream aggregation emits rows older than the watermark (it updates open windows);
  // dedup, for one, passes rows on as they come, so an aggregation after it is fine in any mode.
  if (outputMode === 'append' || !hasAggregationBelow(node) || ownRulesBelow(node)) return undefined;
  return {
    code,
    rule: GLOBAL_WATERMARK_CORRECTNESS,
    fix: "use outputMode('append') (Spark 3.4+ chains stateful operators in append mode), or write the first result to a sink (e.g. Kafka) and read it as a new stream",
  };
}

/**
 * How far the watermark of the rows `node` outputs trails the query watermark (Spark 3.5's
 * `PropagateWatermarkSimulator`: each stateful operator's input watermark is its inputs' output
 * watermark). A stream-stream join with a time range keeps a row in state until the watermark is
 * past it by the range, so it can still emit rows that old: its output watermark is the query
 * watermark minus `max(max, -min)` of the range. Other operators pass the watermark on unchanged.
 *
 * @example
 * outputWatermarkShiftMs(joinWithRange0To10s); // 10000: an aggregation after it evicts at watermark - 10 s
 */
export function outputWatermarkShiftMs(node: PlanNode): number {
  let below = 0;
  for (const c of node.children) below = Math.max(below, outputWatermarkShiftMs(c));
  const range =
    (node as { kind?: string; range?: { minMs: number; maxMs: number } }).kind === 'streamStreamJoin'
      ? (node as { range?: { minMs: number; maxMs: number } }).range
      : undefined;
  return range === undefined ? below : below + Math.max(range.maxMs, -range.minMs, 0);
}
