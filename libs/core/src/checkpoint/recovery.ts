/**
 * Where a query resumes from what is on disk (pure: no I/O; the checkpoint reads the files and
 * hands them in). As Spark's `populateStartOffsets`:
 *
 * - nothing written: a fresh start at batch 0;
 * - `commits/N` is the last commit and `offsets/N` the last plan: resume at batch N + 1, reading
 *   from the end offsets of `offsets/N`, with the watermark `commits/N` computed;
 * - `offsets/N+1` exists without `commits/N+1`: batch N + 1 was planned and maybe partly
 *   written; it is replayed with exactly the offsets, watermark and batch timestamp recorded for
 *   it, so the sink receives the same rows again (and an idempotent sink keeps them once);
 * - anything else (a commit without its plan, a plan two batches past the last commit, a missing
 *   earlier plan) is a damaged checkpoint and an error that names the file.
 *
 * The state version to load is always the next batch id: version `v` is the state after batch
 * `v - 1` committed.
 */
import { checkpointError } from './checkpoint-error.js';
import type { CommitEntry, OffsetEntry, SourceOffset } from './entries.js';
import { stateChain, type StateFileListing } from './state-chain.js';

/** What is on disk, as read by the checkpoint. */
export interface CheckpointListing {
  /** The checkpoint directory (for messages). */
  dir: string;
  /** Batch ids of `offsets/`, ascending. */
  offsetIds: readonly number[];
  /** Batch ids of `commits/`, ascending. */
  commitIds: readonly number[];
  /** Entries of `offsets/` (at least the last two). */
  offsets: ReadonlyMap<number, OffsetEntry>;
  /** Entries of `commits/` (at least the last). */
  commits: ReadonlyMap<number, CommitEntry>;
  /** State files per operator id; each must be able to rebuild the planned state version. */
  state?: ReadonlyMap<number, StateFileListing>;
}

/**
 * The watermark the next batch runs with, and each input's by watermark id (`null`: no row yet).
 * The fields of `WatermarkState`, so `tracker.restore({ policy: tracker.policy, ...plan.watermark })`.
 */
export interface PlannedWatermark {
  watermarkMs: number;
  inputsMs: (number | null)[];
}

export interface RecoveryPlan {
  kind: 'fresh' | 'resume' | 'replay';
  /** The last batch whose output the sink accepted, `null` if none. */
  lastCommittedBatchId: number | null;
  /** The batch the query runs next (the replayed one for `replay`). */
  nextBatchId: number;
  /** The state version every stateful operator loads (= `nextBatchId`). */
  stateVersion: number;
  /** Where the next batch starts reading, by source index; `null` for a fresh start (or a replayed batch 0). */
  startOffsets: SourceOffset[] | null;
  /** The watermark the next batch runs with. */
  watermark: PlannedWatermark;
  /**
   * The watermark the batch before `nextBatchId` ran with (`null` if none or no longer on disk):
   * what the runner compares the next watermark with to decide on a no-data batch, exactly as if
   * the query had not stopped.
   */
  previousBatchWatermarkMs: number | null;
  /** For `replay`: the recorded plan of the batch to run again. */
  replay?: { endOffsets: SourceOffset[]; batchTimestampMs: number };
}

/**
 * Plans recovery from a checkpoint listing.
 *
 * @example
 * planRecovery({ dir: '/cp', offsetIds: [0, 1], commitIds: [0], offsets, commits });
 * // { kind: 'replay', lastCommittedBatchId: 0, nextBatchId: 1, stateVersion: 1, startOffsets: <offsets/0>, ... }
 */
export function planRecovery(listing: CheckpointListing): RecoveryPlan {
  const plan = planLogs(listing);
  if (listing.state) {
    for (const [operatorId, files] of listing.state) stateChain(files, plan.stateVersion, `${listing.dir}/state/${operatorId}`);
  }
  return plan;
}

function planLogs(l: CheckpointListing): RecoveryPlan {
  const lastOffset = last(l.offsetIds);
  const lastCommit = last(l.commitIds);
  if (lastOffset === undefined) {
    if (lastCommit !== undefined) {
      throw inconsistent(l, `offsets/${lastCommit}`, `commits/${lastCommit} exists but offsets/${lastCommit}, the plan of that batch, does not`);
    }
    return {
      kind: 'fresh',
      lastCommittedBatchId: null,
      nextBatchId: 0,
      stateVersion: 0,
      startOffsets: null,
      watermark: { watermarkMs: 0, inputsMs: [] },
      previousBatchWatermarkMs: null,
    };
  }
  if (lastCommit !== undefined && lastCommit > lastOffset) {
    throw inconsistent(l, `offsets/${lastCommit}`, `commits/${lastCommit} exists but offsets/${lastCommit} does not (the last plan is offsets/${lastOffset})`);
  }
  if (lastCommit === lastOffset) {
    const entry = need(l.offsets, lastOffset, l, 'offsets');
    const commit = need(l.commits, lastCommit, l, 'commits');
    return {
      kind: 'resume',
      lastCommittedBatchId: lastCommit,
      nextBatchId: lastCommit + 1,
      stateVersion: lastCommit + 1,
      startOffsets: entry.sources,
      watermark: { watermarkMs: commit.nextBatchWatermarkMs, inputsMs: commit.nextInputWatermarksMs },
      previousBatchWatermarkMs: entry.batchWatermarkMs,
    };
  }
  const expectedCommit = lastOffset - 1;
  if (lastOffset > 0 && lastCommit !== expectedCommit) {
    const found = lastCommit === undefined ? 'there is no commit at all' : `the last commit is commits/${lastCommit}`;
    throw inconsistent(
      l,
      `commits/${expectedCommit}`,
      `offsets/${lastOffset} exists but commits/${expectedCommit} does not (${found}): a batch may only be planned after the previous one committed`,
    );
  }
  const entry = need(l.offsets, lastOffset, l, 'offsets');
  const previous = lastOffset > 0 ? need(l.offsets, lastOffset - 1, l, 'offsets') : undefined;
  return {
    kind: 'replay',
    lastCommittedBatchId: lastOffset > 0 ? expectedCommit : null,
    nextBatchId: lastOffset,
    stateVersion: lastOffset,
    startOffsets: previous ? previous.sources : null,
    watermark: { watermarkMs: entry.batchWatermarkMs, inputsMs: entry.inputWatermarksMs },
    previousBatchWatermarkMs: previous ? previous.batchWatermarkMs : null,
    replay: { endOffsets: entry.sources, batchTimestampMs: entry.batchTimestampMs },
  };
}

/** The batch ids whose entries `planRecovery` may read (so the checkpoint reads only those). */
export function entriesNeeded(offsetIds: readonly number[], commitIds: readonly number[]): { offsets: number[]; commits: number[] } {
  const lo = last(offsetIds);
  const lc = last(commitIds);
  return {
    offsets: lo === undefined ? [] : lo > 0 ? [lo - 1, lo] : [lo],
    commits: lc === undefined ? [] : [lc],
  };
}

function need<T>(map: ReadonlyMap<number, T>, id: number, l: CheckpointListing, log: string): T {
  const entry = map.get(id);
  if (entry === undefined) throw inconsistent(l, `${log}/${id}`, `${log}/${id} is needed to resume but is missing`);
  return entry;
}

function inconsistent(l: CheckpointListing, file: string, what: string) {
  return checkpointError(
    'CHECKPOINT_INCONSISTENT',
    `${l.dir}/${file}`,
    `cannot resume from checkpoint ${l.dir}: ${what}`,
    'the checkpoint was modified by hand or copied partially; restore it from a backup, or start the query with a new checkpointLocation',
    { offsetIds: [...l.offsetIds].slice(-5), commitIds: [...l.commitIds].slice(-5) },
  );
}

function last(ids: readonly number[]): number | undefined {
  return ids[ids.length - 1];
}
