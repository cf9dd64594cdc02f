import { describe, expect, it } from 'vitest';
import { assignTasks, tasksOf, tasksToPartitions } from './task-assignor.js';

const sizes = (m: Map<string, number[]>) => [...m.values()].map((t) => t.length).sort();
const all = (m: Map<string, number[]>) => [...m.values()].flat().sort((a, b) => a - b);

describe('assignTasks (sticky, balanced)', () => {
  it('spreads 12 tasks over 3 new members, 4 each, every task once', () => {
    const out = assignTasks(
      ['c', 'a', 'b'].map((memberId) => ({ memberId, owned: [] })),
      12,
    );
    expect(sizes(out)).toEqual([4, 4, 4]);
    expect(all(out)).toEqual([...Array(12).keys()]);
    expect(out.get('a')).toEqual([0, 1, 2, 3]);
  });

  it('a joining member takes tasks only from the others, who keep the rest', () => {
    const before = new Map([
      ['a', [0, 1, 2, 3, 4, 5]],
      ['b', [6, 7, 8, 9, 10, 11]],
    ]);
    const out = assignTasks([...before].map(([memberId, owned]) => ({ memberId, owned })).concat({ memberId: 'c', owned: [] }), 12);
    expect(sizes(out)).toEqual([4, 4, 4]);
    for (const [m, owned] of before) for (const t of out.get(m)!) expect(owned).toContain(t);
    expect(all(out)).toEqual([...Array(12).keys()]);
  });

  it('a leaving member: its tasks move, nobody else loses any', () => {
    const out = assignTasks(
      [
        { memberId: 'a', owned: [0, 1, 2, 3] },
        { memberId: 'c', owned: [8, 9, 10, 11] },
      ],
      12,
    );
    expect(out.get('a')!.slice(0, 4)).toEqual([0, 1, 2, 3].filter((t) => out.get('a')!.includes(t)));
    expect(out.get('a')).toEqual(expect.arrayContaining([0, 1, 2, 3]));
    expect(out.get('c')).toEqual(expect.arrayContaining([8, 9, 10, 11]));
    expect(all(out)).toEqual([...Array(12).keys()]);
  });

  it('uneven counts: the members that owned most keep the extra task; stale double claims go to one member', () => {
    const out = assignTasks(
      [
        { memberId: 'a', owned: [0, 1, 2] },
        { memberId: 'b', owned: [2, 3, 4] },
      ],
      5,
    );
    expect(all(out)).toEqual([0, 1, 2, 3, 4]);
    expect(sizes(out)).toEqual([2, 3]);
  });

  it('is deterministic whatever the order of the members', () => {
    const ms = [
      { memberId: 'x', owned: [5] },
      { memberId: 'y', owned: [] },
      { memberId: 'z', owned: [1, 2] },
    ];
    expect(assignTasks(ms, 7)).toEqual(assignTasks([...ms].reverse(), 7));
  });
});

describe('tasks and partitions', () => {
  it('task p is partition p of every topic', () => {
    const parts = tasksToPartitions(
      [1, 0],
      new Map([
        ['tx', 2],
        ['cards', 2],
      ]),
    );
    expect(parts).toEqual([
      { topic: 'cards', partition: 0 },
      { topic: 'cards', partition: 1 },
      { topic: 'tx', partition: 0 },
      { topic: 'tx', partition: 1 },
    ]);
    expect(tasksOf(parts)).toEqual([0, 1]);
  });
});
