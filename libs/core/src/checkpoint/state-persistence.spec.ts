import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StatePersistence } from './state-persistence.js';
import { useTempDirs } from '../node/test-dir.js';
import { StateCodec } from './value-codec.js';

const tempDir = useTempDirs();
const codec = new StateCodec();

describe('StatePersistence', () => {
  it('writes a snapshot per version for an operator that cannot give its changes', async () => {
    const p = new StatePersistence(join(tempDir(), 'state'), { codec, snapshotEvery: 5 });
    for (let v = 1; v <= 3; v++) await p.persist(1, v, { snapshot: () => ({ entries: [[v, 'x']], meta: { v } }) });
    expect(p.files(1).listing()).toEqual({ snapshots: [1, 2, 3], deltas: [] });
    expect(p.load(1, 2)).toEqual({ entries: [[2, 'x']], meta: { v: 2 } });
  });

  it('writes deltas and a snapshot once snapshotEvery versions passed since the last one', async () => {
    const p = new StatePersistence(join(tempDir(), 'state'), { codec, snapshotEvery: 2 });
    let snapshots = 0;
    for (let v = 1; v <= 5; v++) {
      await p.persist(0, v, {
        changes: { updated: [[`k${v}`, v]], removed: v > 1 ? [`k${v - 1}`] : [] },
        snapshot: () => {
          snapshots += 1;
          return { entries: [[`k${v}`, v]] };
        },
      });
    }
    expect(snapshots).toBe(2);
    expect(p.files(0).listing()).toEqual({ snapshots: [2, 4], deltas: [1, 2, 3, 4, 5] });
    expect(p.load(0, 5).entries).toEqual([['k5', 5]]);
  });

  it('purges every operator, keeping what the retained versions need', async () => {
    const p = new StatePersistence(join(tempDir(), 'state'), { codec, snapshotEvery: 3, retainVersions: 2 });
    for (let v = 1; v <= 7; v++) {
      for (const op of [0, 1]) await p.persist(op, v, { changes: { updated: [[op, v]], removed: [] }, snapshot: () => ({ entries: [[op, v]] }) });
    }
    const gone = await p.purge(7);
    expect(gone).toContain('0/5.delta');
    expect(gone).toContain('1/3.snapshot');
    expect(p.operatorIds()).toEqual([0, 1]);
    for (const op of [0, 1]) {
      expect(p.files(op).listing()).toEqual({ snapshots: [6], deltas: [6, 7] });
      expect(p.load(op, 6).entries).toEqual([[op, 6]]);
      expect(p.load(op, 7).entries).toEqual([[op, 7]]);
    }
  });

  it('validates its options', () => {
    expect(() => new StatePersistence('/x', { codec, retainVersions: 1 })).toThrow(/retainVersions must be an integer >= 2/);
    expect(() => new StatePersistence('/x', { codec, snapshotEvery: 0 })).toThrow(/snapshotEvery/);
  });
});
