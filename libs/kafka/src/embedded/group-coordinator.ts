/**
 * The embedded broker's group coordinator, for partition assignment only (what scale-out
 * instances use, see `GroupMember` in the port): members join and leave, every change is a new
 * generation assigned at once with the sticky task assignor. Deterministic and in-process, so
 * unit specs run several instances of one query in one process.
 */
import { StreamlabError } from '@streamlab/core';
import { silentLogger } from '../logging.js';
import { AssignmentQueue } from '../group/assignment-queue.js';
import { assignTasks, tasksOf, tasksToPartitions } from '../group/task-assignor.js';
import type { GroupMember, GroupMemberInfo, JoinGroupOptions, TopicPartition } from '../port.js';

interface Member {
  id: string;
  name: string;
  topics: readonly string[];
  assignment: TopicPartition[];
  queue: AssignmentQueue;
}

interface Group {
  generation: number;
  members: Map<string, Member>;
}

export class EmbeddedGroupCoordinator {
  private readonly groups = new Map<string, Group>();
  private nextMember = 0;

  /** @param partitionCount the partitions of a topic now (0 when it does not exist) */
  constructor(private readonly partitionCount: (topic: string) => number) {}

  /**
   * Adds a member and rebalances the group.
   *
   * @example
   * const m = coordinator.join('app', { topics: ['tx'], onAssigned: (a) => tasks.reconcile(a) });
   */
  join(groupId: string, opts: JoinGroupOptions): GroupMember {
    if (opts.topics.length === 0) {
      throw new StreamlabError('KAFKA_GROUP_NO_TOPICS', `joinGroup ${groupId}: no topics given`, { value: groupId, hint: "e.g. { topics: ['tx'] }" });
    }
    const group = this.groups.get(groupId) ?? { generation: 0, members: new Map() };
    this.groups.set(groupId, group);
    const member: Member = {
      id: `${groupId}-member-${++this.nextMember}`,
      name: opts.memberName ?? '',
      topics: [...opts.topics],
      assignment: [],
      queue: new AssignmentQueue(opts.onAssigned, silentLogger),
    };
    group.members.set(member.id, member);
    this.rebalance(group);
    let left = false;
    return {
      groupId,
      get memberId() {
        return member.id;
      },
      get assignment() {
        return member.assignment;
      },
      leave: async () => {
        if (left) return;
        left = true;
        group.members.delete(member.id);
        this.rebalance(group);
      },
    };
  }

  /** The members of a group and their assignments (the port's `admin.describeGroup`). */
  members(groupId: string): GroupMemberInfo[] {
    return [...(this.groups.get(groupId)?.members.values() ?? [])].map((m) => ({ memberId: m.id, name: m.name, partitions: [...m.assignment] }));
  }

  /** Member id -> assigned tasks, for specs and tools. */
  describe(groupId: string): Map<string, number[]> {
    const g = this.groups.get(groupId);
    return new Map([...(g?.members.values() ?? [])].map((m) => [m.id, tasksOf(m.assignment)]));
  }

  private rebalance(group: Group): void {
    group.generation += 1;
    const members = [...group.members.values()];
    const counts = new Map<string, number>();
    for (const m of members) for (const t of m.topics) counts.set(t, this.partitionCount(t));
    const tasks = Math.max(0, ...counts.values());
    const plan = assignTasks(
      members.map((m) => ({ memberId: m.id, owned: tasksOf(m.assignment) })),
      tasks,
    );
    for (const m of members) {
      m.assignment = tasksToPartitions(plan.get(m.id) ?? [], new Map(m.topics.map((t) => [t, counts.get(t)!])));
      m.queue.push({ memberId: m.id, generation: group.generation, partitions: m.assignment });
    }
  }
}
