import { describe, expect, it } from 'vitest';
import type { CommitEntry, OffsetEntry } from './entries.js';
import { entriesNeeded, planRecovery, type CheckpointListing } from './recovery.js';
import { errorOf } from '../error-of.js';

const offsets = (n: number): OffsetEntry => ({
  batchWatermarkMs: n * 100,
  batchTimestampMs: 50_000 + n,
  inputWatermarksMs: [n * 100, n === 0 ? null : n * 150],
  sources: [
    { description: 'MemoryStream[a]', offset: n + 1 },
    { description: 'MemoryStream[b]', offset: { p0: n } },
  ],
});
// deliberately not equal to what offsets(n + 1) records, so the tests see which one a plan uses
const commit = (n: number): CommitEntry => ({ nextBatchWatermarkMs: (n + 1) * 100 + 1, nextInputWatermarksMs: [(n + 1) * 100 + 1, (n + 1) * 150 + 1] });

/** A checkpoint with offsets/0..lastOffset and commits/0..lastCommit on disk. */
function listing(lastOffset: number, lastCommit: number, extra: Partial<CheckpointListing> = {}): CheckpointListing {
  const range = (n: number) => Array.from({ length: n + 1 }, (_, i) => i);
  return {
    dir: '/cp',
    offsetIds: range(lastOffset),
    commitIds: range(lastCommit),
    offsets: new Map(range(lastOffset).map((i) => [i, offsets(i)])),
    commits: new Map(range(lastCommit).map((i) => [i, commit(i)])),
    ...extra,
  };
}

describe('planRecovery', () => {
  it('starts fresh at batch 0 on an empty checkpoint', () => {
    expect(planRecovery(listing(-1, -1))).toEqual({
      kind: 'fresh',
      lastCommittedBatchId: null,
      nextBatchId: 0,
      stateVersion: 0,
      startOffsets: null,
      watermark: { watermarkMs: 0, inputsMs: [] },
      previousBatchWatermarkMs: null,
    });
  });

  it('resumes after the last commit, from its end offsets, with the watermark the commit computed', () => {
    const plan = planRecovery(listing(4, 4));
    expect(plan.kind).toBe('resume');
    expect(plan.lastCommittedBatchId).toBe(4);
    expect(plan.nextBatchId).toBe(5);
    expect(plan.stateVersion).toBe(5);
    expect(plan.startOffsets).toEqual(offsets(4).sources);
    expect(plan.watermark).toEqual({ watermarkMs: 501, inputsMs: [501, 751] });
    expect(plan.previousBatchWatermarkMs).toBe(400); // what batch 4 ran with
    expect(plan.replay).toBeUndefined();
  });

  it('replays a planned but uncommitted batch with exactly its recorded offsets, watermark and timestamp', () => {
    const plan = planRecovery(listing(5, 4));
    expect(plan.kind).toBe('replay');
    expect(plan.lastCommittedBatchId).toBe(4);
    expect(plan.nextBatchId).toBe(5);
    expect(plan.stateVersion).toBe(5);
    expect(plan.startOffsets).toEqual(offsets(4).sources);
    expect(plan.replay).toEqual({ endOffsets: offsets(5).sources, batchTimestampMs: 50_005 });
    // the watermark recorded for batch 5, not one recomputed from the commit of batch 4
    expect(plan.watermark).toEqual({ watermarkMs: 500, inputsMs: [500, 750] });
    expect(plan.previousBatchWatermarkMs).toBe(400);
  });

  it('replays batch 0 from the very beginning when the first batch never committed', () => {
    const plan = planRecovery(listing(0, -1));
    expect(plan).toMatchObject({
      kind: 'replay',
      lastCommittedBatchId: null,
      nextBatchId: 0,
      stateVersion: 0,
      startOffsets: null,
      previousBatchWatermarkMs: null,
    });
    expect(plan.replay?.endOffsets).toEqual(offsets(0).sources);
    expect(plan.watermark.inputsMs).toEqual([0, null]);
  });

  it('works on a purged checkpoint that only keeps its last batches', () => {
    const l = listing(9, 8);
    const kept: CheckpointListing = { ...l, offsetIds: [7, 8, 9], commitIds: [7, 8] };
    expect(planRecovery(kept)).toMatchObject({ kind: 'replay', nextBatchId: 9, startOffsets: offsets(8).sources });
  });

  it('refuses a gap: a batch planned two past the last commit', () => {
    const l = listing(6, 4);
    const err = errorOf(() => planRecovery(l));
    expect(err.code).toBe('CHECKPOINT_INCONSISTENT');
    expect(err.message).toContain('offsets/6 exists but commits/5 does not');
    expect((err.value as { file: string }).file).toBe('/cp/commits/5');
  });

  it('refuses offsets without any commit past batch 0', () => {
    expect(errorOf(() => planRecovery(listing(2, -1))).message).toContain('there is no commit at all');
  });

  it('refuses a commit whose plan is missing', () => {
    const l = listing(3, 4);
    expect(errorOf(() => planRecovery(l)).message).toContain('commits/4 exists but offsets/4 does not');
    const noOffsets = { ...listing(-1, -1), commitIds: [0], commits: new Map([[0, commit(0)]]) };
    expect((errorOf(() => planRecovery(noOffsets)).value as { file: string }).file).toBe('/cp/offsets/0');
  });

  it('refuses to replay when the previous plan (its start offsets) is gone', () => {
    const l = listing(5, 4);
    const damaged = { ...l, offsetIds: [5], offsets: new Map([[5, offsets(5)]]) };
    const err = errorOf(() => planRecovery(damaged));
    expect(err.message).toContain('offsets/4 is needed');
  });

  it('checks that every operator can rebuild the state version to load, naming the missing file', () => {
    const ok = listing(12, 12, { state: new Map([[0, { snapshots: [10], deltas: [11, 12, 13] }]]) });
    expect(planRecovery(ok).stateVersion).toBe(13);
    const broken = listing(12, 12, { state: new Map([[0, { snapshots: [10], deltas: [11, 13] }]]) });
    const err = errorOf(() => planRecovery(broken));
    expect(err.code).toBe('CHECKPOINT_INCONSISTENT');
    expect((err.value as { file: string }).file).toBe('/cp/state/0/12.delta');
  });

  it('names only the entries it needs, so recovery reads a handful of files', () => {
    expect(entriesNeeded([0, 1, 2, 3], [0, 1, 2])).toEqual({ offsets: [2, 3], commits: [2] });
    expect(entriesNeeded([0], [])).toEqual({ offsets: [0], commits: [] });
    expect(entriesNeeded([], [])).toEqual({ offsets: [], commits: [] });
  });
});
