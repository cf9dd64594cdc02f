/** The plan node of `stream.join(other, on, how, options)`: stream-static or stream-stream. */
import { StreamlabError } from '../../errors.js';
import type { PlanNode } from '../../plan/node.js';
import { joinKeys, joinType, type JoinOn } from './join-spec.js';
import { StaticJoinNode } from './static-join-node.js';
import { StaticTable } from './static-table.js';
import { StreamJoinNode } from './stream-join-node.js';
import { resolveTimeRange, type TimeRange } from './time-range.js';

export interface StreamJoinOptions {
  /** Stream-stream only: `left[leftTime] + min <= right[rightTime] <= left[leftTime] + max`. */
  timeRange?: TimeRange;
}

/**
 * @example
 * stream.via((plan) => joinNode(plan, profiles, 'cardId', 'leftOuter'));
 */
export function joinNode(
  left: PlanNode,
  other: StaticTable<unknown> | { readonly plan: PlanNode },
  on: JoinOn,
  how: unknown,
  options: StreamJoinOptions = {},
): PlanNode {
  const keys = joinKeys(on);
  const type = joinType(how);
  if (other instanceof StaticTable) {
    if (type === 'rightOuter' || type === 'fullOuter') {
      // Spark: a right or full outer join of a stream with a static table on the right is not supported.
      throw new StreamlabError('STATIC_JOIN_TYPE', `a stream-static join supports 'inner', 'leftOuter' and 'leftSemi', not '${type}'`, {
        value: how,
        hint: 'Spark does not support right or full outer joins of a stream with a static table on the right (every unmatched table row would be emitted in every batch)',
      });
    }
    return new StaticJoinNode(left, other, keys, type);
  }
  return new StreamJoinNode(left, other.plan, keys, type, options.timeRange ? resolveTimeRange(options.timeRange) : undefined);
}
