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
export function joinNode(left: PlanNode, other: StaticTable<unknown> | { readonly plan: PlanNode }, on: JoinOn, how: unknown, options: StreamJoinOptions = {}): PlanNode {
  const keys = joinKeys(on);
  const type = joinType(how);
  if (other instanceof StaticTable) {
    if (type !== 'inner' && type !== 'leftOuter') {
      // Spark: right/full outer with a static right side is not supported; left semi is not built here yet.
      throw new StreamlabError('STATIC_JOIN_TYPE', `a stream-static join supports 'inner' and 'leftOuter', not '${type}'`, {
        value: how,
        hint: type === 'leftSemi' ? 'join inner and keep the left columns, or use a stream-stream join' : 'Spark does not support right or full outer joins of a stream with a static table on the right',
      });
    }
    return new StaticJoinNode(left, other, keys, type);
  }
  return new StreamJoinNode(left, other.plan, keys, type, options.timeRange ? resolveTimeRange(options.timeRange) : undefined);
}
