import { describe, expect, it } from 'vitest';
import type { GroupAssignment } from '../port.js';
import { tasksOf } from '../group/task-assignor.js';
import { EmbeddedBroker } from './embedded-broker.js';
import { createEmbeddedKafka } from './embedded-client.js';

async function setup(partitions = 12) {
  const broker = new EmbeddedBroker();
  const kafka = createEmbeddedKafka({ broker });
  await kafka.admin.createTopics([
    { topic: 'tx', partitions },
    { topic: 'cards', partitions },
  ]);
  const seen = new Map<string, GroupAssignment[]>();
  const join = async (name: string) => {
    const list: GroupAssignment[] = [];
    seen.set(name, list);
    return kafka.joinGroup!('app', { topics: ['tx', 'cards'], onAssigned: (a) => void list.push(a) });
  };
  const settle = () => new Promise((r) => setImmediate(r));
  return { broker, join, seen, settle };
}

describe('embedded group coordinator', () => {
  it('assigns partition p of every topic to one member, balanced, sticky when members join and leave', async () => {
    const { broker, join, seen, settle } = await setup();
    const a = await join('a');
    await settle();
    expect(tasksOf(a.assignment)).toEqual([...Array(12).keys()]);
    expect(a.assignment).toContainEqual({ topic: 'cards', partition: 11 });
    const b = await join('b');
    const c = await join('c');
    await settle();
    const now = broker.coordinator.describe('app');
    expect([...now.values()].map((t) => t.length)).toEqual([4, 4, 4]);
    // a kept 4 of its tasks; b's tasks did not move when c joined beyond its quota
    const aTasks = tasksOf(a.assignment);
    expect(aTasks).toHaveLength(4);
    const bAfterJoin = tasksOf(seen.get('b')!.at(0)!.partitions);
    for (const t of tasksOf(b.assignment)) expect(bAfterJoin).toContain(t);
    await b.leave();
    await settle();
    expect(tasksOf(a.assignment)).toEqual(expect.arrayContaining(aTasks));
    expect([...tasksOf(a.assignment), ...tasksOf(c.assignment)].sort((x, y) => x - y)).toEqual([...Array(12).keys()]);
    // every member saw its assignments in generation order
    for (const list of seen.values()) expect(list.map((x) => x.generation)).toEqual([...list.map((x) => x.generation)].sort((x, y) => x - y));
    await b.leave(); // idempotent
  });

  it('delivers assignments one at a time, in order, even when handling one is slow', async () => {
    const broker = new EmbeddedBroker();
    const kafka = createEmbeddedKafka({ broker });
    await kafka.admin.createTopics([{ topic: 'tx', partitions: 4 }]);
    const log: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    await kafka.joinGroup!('g', {
      topics: ['tx'],
      onAssigned: async (a) => {
        log.push(`start ${a.generation}`);
        if (a.generation === 1) await gate;
        log.push(`end ${a.generation}`);
      },
    });
    const other = await kafka.joinGroup!('g', { topics: ['tx'], onAssigned: () => undefined });
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual(['start 1']);
    release();
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
    await other.leave();
  });
});
