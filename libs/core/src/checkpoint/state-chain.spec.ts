import { describe, expect, it } from 'vitest';
import { minVersionToKeep, stateChain } from './state-chain.js';

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe('stateChain', () => {
  it('rebuilds version 0 from nothing', () => {
    expect(stateChain({ snapshots: [], deltas: [] }, 0, 's')).toEqual({ snapshot: 0, deltas: [] });
  });

  it('uses the newest snapshot at or below the version, then the deltas after it', () => {
    const l = { snapshots: [10, 20], deltas: range(1, 25) };
    expect(stateChain(l, 25, 's')).toEqual({ snapshot: 20, deltas: [21, 22, 23, 24, 25] });
    expect(stateChain(l, 20, 's')).toEqual({ snapshot: 20, deltas: [] });
    expect(stateChain(l, 19, 's')).toEqual({ snapshot: 10, deltas: range(11, 19) });
    expect(stateChain(l, 3, 's')).toEqual({ snapshot: 0, deltas: [1, 2, 3] });
  });

  it('names the first missing delta', () => {
    expect(() => stateChain({ snapshots: [10], deltas: [12] }, 12, '/cp/state/1')).toThrow('/cp/state/1/11.delta is missing');
  });
});

describe('minVersionToKeep', () => {
  it('keeps the base snapshot of the oldest retained version', () => {
    const l = { snapshots: [10, 20, 30], deltas: range(1, 35) };
    expect(minVersionToKeep(l, 35, 10)).toBe(20); // oldest retained 26 → snapshot 20
    expect(minVersionToKeep(l, 35, 5)).toBe(30); // oldest retained 31 → snapshot 30
    expect(minVersionToKeep(l, 35, 100)).toBe(0);
  });
});
