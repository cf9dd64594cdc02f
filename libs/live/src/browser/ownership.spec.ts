import { describe, expect, it } from 'vitest';
import { type OwnershipRow, ownershipView } from './ownership.js';

const T = 1_000_000;
const report = (instance: string, running: number[], reportedAt = T, state = 'running'): OwnershipRow => ({
  instance,
  pid: 100,
  running,
  assigned: running,
  state,
  reportedAt,
});

describe('ownershipView', () => {
  it('keeps the newest report per instance and maps each partition to its owner', () => {
    const v = ownershipView([report('i-2', [2, 3]), report('i-1', [0, 1, 2, 3], T - 3000), report('i-1', [0, 1], T - 500), report('i-3', [4, 5])], T);
    expect(v.owners).toEqual(['i-1', 'i-1', 'i-2', 'i-2', 'i-3', 'i-3']);
    expect(v.instances.map((i) => [i.row.instance, i.kind, i.ageMs])).toEqual([
      ['i-1', 'live', 500],
      ['i-2', 'live', 0],
      ['i-3', 'live', 0],
    ]);
  });

  it('a killed instance is silent, still owning its partitions, until live instances run them; then it is gone', () => {
    const before = [report('i-1', [0, 1], T), report('i-2', [2, 3], T - 6000), report('i-3', [4, 5], T)];
    const silent = ownershipView(before, T);
    expect(silent.instances.map((i) => i.kind)).toEqual(['live', 'silent', 'live']);
    expect(silent.owners[2]).toBe('i-2');
    // the group moved partition 2 only so far
    const half = ownershipView([...before, report('i-1', [0, 1, 2], T + 100)], T + 200);
    expect(half.instances.map((i) => i.kind)).toEqual(['live', 'silent', 'live']);
    expect(half.owners).toEqual(['i-1', 'i-1', 'i-1', 'i-2', 'i-3', 'i-3']);
    const after = ownershipView([...before, report('i-1', [0, 1, 2], T + 100), report('i-3', [3, 4, 5], T + 100)], T + 200);
    expect(after.instances.map((i) => i.kind)).toEqual(['live', 'gone', 'live']);
    expect(after.owners).toEqual(['i-1', 'i-1', 'i-1', 'i-3', 'i-3', 'i-3']);
  });

  it('a stopped instance is gone; a partition nobody runs has no owner; a partition claimed twice (a move in flight) goes to the newer report', () => {
    expect(ownershipView([report('i-1', [], T, 'stopped'), report('i-2', [0], T)], T, { partitions: 2 })).toMatchObject({
      instances: [{ kind: 'gone' }, { kind: 'live' }],
      owners: ['i-2', null],
    });
    expect(ownershipView([report('i-1', [0], T - 1000), report('i-2', [0], T)], T).owners).toEqual(['i-2']);
  });
});
