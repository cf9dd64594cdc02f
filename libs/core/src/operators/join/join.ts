/** The plan node of `stream.join(other, on, how, options)`: stream-static or stream-stream. */
import type { PlanNode } from '../../plan/node.js';
import { joinKeys, joinType, type JoinOn } from './join-spec.js';
import { StaticJoinNode } from './static-join-node.js';
import { StaticTable } from './static-table.js';

/**
 * @example
 * stream.via((plan) => joinNode(plan, profiles, 'cardId', 'leftOuter'));
 */
export function joinNode(left: PlanNode, other: StaticTable<unknown>, on: JoinOn, how: unknown): PlanNode {
  return new StaticJoinNode(left, other, joinKeys(on), joinType(how));
}

export { StaticTable };
