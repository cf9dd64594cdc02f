/**
 * The sticky task assignor of scale-out groups (pure): tasks are partition numbers (task `p` =
 * partition `p` of every subscribed topic, so co-partitioned inputs meet in one member). Every
 * member gets `floor(tasks / members)` or one more; a member keeps the tasks it owned as far as
 * that balance allows, and only the rest move (Kafka's StickyAssignor, at task granularity), so a
 * rebalance restores as little state as possible.
 */
import type { TopicPartition } from '../port.js';

/** One member of a rebalance, with the tasks it owned in the previous generation. */
export interface TaskMember {
  memberId: string;
  owned: readonly number[];
}

/**
 * Member id -> its tasks (ascending), for tasks `0..taskCount-1`. Deterministic: the same members
 * and ownership give the same answer in every process.
 *
 * @example
 * assignTasks([{ memberId: 'a', owned: [0, 1, 2, 3] }, { memberId: 'b', owned: [] }], 4);
 * // Map { 'a' => [0, 1], 'b' => [2, 3] }   (a keeps two of its tasks, b gets the others)
 */
export function assignTasks(members: readonly TaskMember[], taskCount: number): Map<string, number[]> {
  const out = new Map<string, number[]>();
  if (members.length === 0) return out;
  // A task claimed by two members (a stale one) stays with the first in id order.
  const byId = [...members].sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));
  const claimed = new Set<number>();
  const owned = new Map<string, number[]>();
  for (const m of byId) {
    const mine = [...new Set(m.owned)].filter((t) => Number.isInteger(t) && t >= 0 && t < taskCount && !claimed.has(t)).sort((a, b) => a - b);
    mine.forEach((t) => claimed.add(t));
    owned.set(m.memberId, mine);
  }
  // The members that owned the most get the larger quotas, so they keep the most.
  const order = [...byId].sort((a, b) => owned.get(b.memberId)!.length - owned.get(a.memberId)!.length);
  const base = Math.floor(taskCount / members.length);
  const extra = taskCount % members.length;
  const quota = new Map(order.map((m, i) => [m.memberId, base + (i < extra ? 1 : 0)]));
  const free: number[] = [];
  const taken = new Set<number>();
  for (const m of order) {
    const keep = owned.get(m.memberId)!.slice(0, quota.get(m.memberId)!);
    keep.forEach((t) => taken.add(t));
    out.set(m.memberId, keep);
  }
  for (let t = 0; t < taskCount; t++) if (!taken.has(t)) free.push(t);
  for (const m of order) {
    const tasks = out.get(m.memberId)!;
    while (tasks.length < quota.get(m.memberId)! && free.length > 0) tasks.push(free.shift()!);
    tasks.sort((a, b) => a - b);
  }
  return out;
}

/**
 * The topic partitions of `tasks`: partition `p` of every topic that has it.
 *
 * @example
 * tasksToPartitions([1], new Map([['tx', 4], ['cards', 4]])); // [{ topic: 'cards', partition: 1 }, { topic: 'tx', partition: 1 }]
 */
export function tasksToPartitions(tasks: readonly number[], partitionCounts: ReadonlyMap<string, number>): TopicPartition[] {
  const out: TopicPartition[] = [];
  for (const topic of [...partitionCounts.keys()].sort()) {
    for (const p of [...tasks].sort((a, b) => a - b)) if (p < partitionCounts.get(topic)!) out.push({ topic, partition: p });
  }
  return out;
}

/**
 * The tasks of an assignment: the distinct partition numbers, ascending.
 *
 * @example
 * tasksOf([{ topic: 'tx', partition: 2 }, { topic: 'cards', partition: 2 }]); // [2]
 */
export function tasksOf(partitions: readonly TopicPartition[]): number[] {
  return [...new Set(partitions.map((p) => p.partition))].sort((a, b) => a - b);
}
