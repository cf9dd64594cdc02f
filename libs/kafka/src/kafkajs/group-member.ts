/**
 * Group membership on a real broker through kafkajs, for partition assignment only (see
 * `GroupMember` in the port). A kafkajs consumer joins the group with StreamLab's sticky task
 * assignor, `autoCommit` off, and every partition paused: it never fetches a record and never
 * commits an offset, it only heartbeats (kafkajs 2.2.4's fetch loop sleeps `maxWaitTime` when all
 * partitions are paused and then heartbeats, `runner.js` `fetch`) and reports assignments
 * (`GROUP_JOIN`'s `memberAssignment`). kafkajs's rebalances are eager: every member rejoins on
 * every change; the sticky assignor keeps what each member owned, so state moves little.
 */
import type { Logger } from '@streamlab/core';
import type { Assigner, Consumer, Kafka, PartitionAssigner } from 'kafkajs';
import { AssignerProtocol } from './kafkajs.js';
import { AssignmentQueue } from '../group/assignment-queue.js';
import { assignTasks, tasksOf } from '../group/task-assignor.js';
import type { GroupMember, GroupMemberInfo, JoinGroupOptions, TopicPartition } from '../port.js';

/** The protocol name members agree on (all instances of an application must run it). */
export const STICKY_TASK_ASSIGNOR = 'StreamlabStickyTask';

/**
 * kafkajs's `partitionAssigners` entry: members send the tasks they own as user data; the leader
 * assigns with `assignTasks` and gives partition `p` of every topic to task `p`'s member.
 */
/** What a member sends as user data: the tasks it owns and its name. */
interface MemberUserData {
  owned: number[];
  name: string;
}

/** Decodes a member's user data (`undefined` fields when it is not ours). */
export function decodeMemberUserData(metadata: Buffer): MemberUserData {
  try {
    const meta = AssignerProtocol.MemberMetadata.decode(metadata);
    const data = meta?.userData && meta.userData.length > 0 ? (JSON.parse(meta.userData.toString('utf8')) as Partial<MemberUserData>) : {};
    return { owned: Array.isArray(data.owned) ? data.owned : [], name: typeof data.name === 'string' ? data.name : '' };
  } catch {
    return { owned: [], name: '' };
  }
}

/**
 * A member as `admin.describeGroup` shows it, from `describeGroups`' metadata and assignment bytes.
 *
 * @example
 * describeMember(m.memberId, m.memberMetadata, m.memberAssignment); // { memberId, name: 'host-4711', partitions: [...] }
 */
export function describeMember(memberId: string, metadata: Buffer, assignment: Buffer): GroupMemberInfo {
  let partitions: TopicPartition[] = [];
  try {
    const decoded = assignment.length > 0 ? AssignerProtocol.MemberAssignment.decode(assignment) : null;
    partitions = Object.entries(decoded?.assignment ?? {})
      .flatMap(([topic, parts]) => (parts as number[]).map((partition) => ({ topic, partition })))
      .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  } catch {
    partitions = [];
  }
  return { memberId, name: metadata.length > 0 ? decodeMemberUserData(metadata).name : '', partitions };
}

function stickyTaskAssigner(owned: () => number[], name: string): PartitionAssigner {
  return ({ cluster }): Assigner => ({
    name: STICKY_TASK_ASSIGNOR,
    version: 0,
    async assign({ members, topics }) {
      const counts = new Map(topics.map((t) => [t, cluster.findTopicPartitionMetadata(t).length]));
      const taskCount = Math.max(0, ...counts.values());
      const plan = assignTasks(
        members.map((m) => ({ memberId: m.memberId, owned: decodeMemberUserData(m.memberMetadata).owned })),
        taskCount,
      );
      return members.map((m) => {
        const tasks = plan.get(m.memberId) ?? [];
        const assignment: Record<string, number[]> = {};
        for (const [topic, n] of counts) assignment[topic] = tasks.filter((t) => t < n);
        return { memberId: m.memberId, memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 0, assignment, userData: Buffer.alloc(0) }) };
      });
    },
    protocol({ topics }) {
      return {
        name: STICKY_TASK_ASSIGNOR,
        metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.from(JSON.stringify({ owned: owned(), name })) }),
      };
    },
  });
}

/**
 * Joins `groupId` with a paused kafkajs consumer (see the file comment).
 *
 * @example
 * const member = await joinKafkajsGroup(kafka, 'fraud', { topics: ['tx'], onAssigned }, logger);
 */
export async function joinKafkajsGroup(kafka: Kafka, groupId: string, opts: JoinGroupOptions, logger: Logger): Promise<GroupMember> {
  let assignment: TopicPartition[] = [];
  let memberId = '';
  let generation = 0;
  const queue = new AssignmentQueue(opts.onAssigned, logger);
  const sessionTimeout = opts.sessionTimeoutMs ?? 10_000;
  const consumer: Consumer = kafka.consumer({
    groupId,
    partitionAssigners: [stickyTaskAssigner(() => tasksOf(assignment), opts.memberName ?? '')],
    sessionTimeout,
    // How long a join waits for live members to rejoin (a dead one is dropped after its session timeout anyway).
    rebalanceTimeout: sessionTimeout + 4_000,
    heartbeatInterval: opts.heartbeatIntervalMs ?? 1_000,
    // The fetch loop sleeps this long between heartbeats when every partition is paused.
    maxWaitTimeInMs: 250,
    allowAutoTopicCreation: false,
    retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 2_000 },
  });
  const pauseAll = () => consumer.pause(opts.topics.map((topic) => ({ topic })));
  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    const p = e.payload as { memberId: string; memberAssignment: Record<string, number[]> };
    memberId = p.memberId;
    generation += 1;
    try {
      pauseAll();
    } catch {
      // not running yet: run() pauses right after it starts
    }
    assignment = Object.entries(p.memberAssignment)
      .flatMap(([topic, parts]) => parts.map((partition) => ({ topic, partition })))
      .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
    logger.info({ groupId, memberId, generation, tasks: tasksOf(assignment) }, 'group assignment');
    queue.push({ memberId, generation, partitions: assignment });
  });
  consumer.on(consumer.events.CRASH, (e) => {
    const { error, restart } = e.payload as { error?: unknown; restart?: boolean };
    if (restart !== false) {
      logger.warn({ err: error, groupId }, 'group member crashed; kafkajs restarts it');
      return;
    }
    // Out of the group for good: give everything up, so this process does not keep running (and
    // fencing) tasks the group has given to others.
    logger.error({ err: error, groupId, memberId }, 'group member crashed and will not restart: its tasks are released; restart the instance');
    assignment = [];
    generation += 1;
    queue.push({ memberId, generation, partitions: [] });
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [...opts.topics], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    // Never reached in steady state (every partition is paused); if a fetch slipped in before the
    // pause, its records are dropped unprocessed and nothing is committed.
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch }) => {
      consumer.pause([{ topic: batch.topic }]);
    },
  });
  try {
    pauseAll();
  } catch {
    // The consumer crashed during its first join (e.g. the coordinator was still loading: a
    // retriable COORDINATOR_LOAD_IN_PROGRESS) and kafkajs is restarting it, so it has no group to
    // pause now; its GROUP_JOIN handler above pauses everything once it has joined.
  }
  let left = false;
  return {
    groupId,
    get memberId() {
      return memberId;
    },
    get assignment() {
      return assignment;
    },
    leave: async () => {
      if (left) return;
      left = true;
      await consumer.disconnect();
    },
  };
}
