import { describe, expect, it } from 'vitest';
import { type OwnershipRow, ownershipView } from './ownership.js';

const T = 1_000_000;
const report = (instance: string, generation: number, running: number[], reportedAt = T, state = 'running'): OwnershipRow => ({
  instance,
  pid: 100,
  generation,
  running,
  assigned: running,
  state,
  reportedAt,
});

describe('ownershipView', () => {
  it('keeps the newest report per instance and maps each partition to its owner', () => {
    const v = ownershipView(
      [report('i-2', 3, [2, 3]), report('i-1', 2, [0, 1, 2, 3], T - 3000), report('i-1', 3, [0, 1], T - 500), report('i-3', 3, [4, 5])],
      T,
    );
    expect(v.generation).toBe(3);
    expect(v.owners).toEqual(['i-1', 'i-1', 'i-2', 'i-2', 'i-3', 'i-3']);
    expect(v.instances.map((i) => [i.row.instance, i.kind, i.ageMs])).toEqual([
      ['i-1', 'live', 500],
      ['i-2', 'live', 0],
      ['i-3', 'live', 0],
    ]);
  });

  it('a killed instance is silent until the group rebalances without it, then gone; its partitions go to the others', () => {
    const before = [report('i-1', 3, [0, 1], T), report('i-2', 3, [2, 3], T - 6000), report('i-3', 3, [4, 5], T)];
    const silent = ownershipView(before, T);
    expect(silent.instances.find((i) => i.row.instance === 'i-2')!.kind).toBe('silent');
    expect(silent.owners[2]).toBe('i-2');
    const after = ownershipView([...before, report('i-1', 4, [0, 1, 2], T + 100), report('i-3', 4, [3, 4, 5], T + 100)], T + 200);
    expect(after.instances.map((i) => i.kind)).toEqual(['live', 'gone', 'live']);
    expect(after.owners).toEqual(['i-1', 'i-1', 'i-1', 'i-3', 'i-3', 'i-3']);
  });

  it('a stopped instance is gone; a partition nobody runs yet has no owner', () => {
    const v = ownershipView([report('i-1', 5, [], T, 'stopped'), report('i-2', 5, [0], T)], T, { partitions: 2 });
    expect(v.instances.map((i) => i.kind)).toEqual(['gone', 'live']);
    expect(v.owners).toEqual(['i-2', null]);
  });
});
