/**
 * The one checkpoint interface the runner sees, whatever the `checkpointLocation`:
 *
 * - `ResumePoint`: where a starting query resumes (next batch id, committed offsets, watermark,
 *   operator state, a batch to replay). `resumeFromData` builds it from a session-held
 *   `CheckpointData` (`memory:<name>` locations, custom `checkpointStore`s), `DirectoryCheckpoint`
 *   from a checkpoint directory's recovery plan. `BatchRunner.resume(point, checkpoint?)` takes either.
 * - `BatchCheckpoint`: what is made durable around every batch (`offsets/N` before it runs; state,
 *   per-partition watermarks and `commits/N` after the sink accepted it) and where sources' initial
 *   offsets are kept. A directory location has one (`DirectoryCheckpoint`, through the session's
 *   `CheckpointFileManager`); a session-held store has none and is saved when the query stops.
 */
import type { FileCheckpoint, CheckpointableOperator } from '../checkpoint/checkpoint.js';
import type { OffsetEntry } from '../checkpoint/entries.js';
import type { RecoveryPlan } from '../checkpoint/recovery.js';
import type { StateSnapshot } from '../exec/operator.js';
import type { Offset, Source } from '../ports.js';
import type { PartitionEventTimesState } from '../watermark/partition-watermarks.js';
import type { MultipleWatermarkPolicy, WatermarkState } from '../watermark/tracker.js';
import type { CheckpointData } from './checkpoint.js';
import { readPartitionWatermarks, writePartitionWatermarks } from './partition-watermark-file.js';
import { fileInitialOffsets, type InitialOffsetStore } from './source-initial-offsets.js';

/** Where a query resumes. */
export interface ResumePoint {
  nextBatchId: number;
  /** Committed end offset of every source, by plan position. */
  committed: (Offset | null)[];
  /** The watermark tracker's state; absent when the checkpoint has none (nothing ran yet). */
  watermark: WatermarkState | undefined;
  /** The watermark the last committed batch ran with (`undefined`: none). */
  previousBatchWatermarkMs: number | undefined;
  /** Sources' resolved initial offsets, for a query without a `BatchCheckpoint`. */
  initialOffsets: Record<string, Offset>;
  /** The state of a stateful operator to restore (`undefined`: none stored). */
  operatorState(operatorId: number): StateSnapshot | undefined;
  /** A batch planned but not committed, run again first with its recorded offsets and time. */
  replay?: RecoveryPlan['replay'];
}

/** What is written around every batch. */
export interface BatchCheckpoint {
  /** Where sources' initial offsets are kept (`sources/<i>/0`). */
  initialOffsets(): InitialOffsetStore;
  /** Before batch `batchId` runs (a replayed batch checks its recorded entry instead). */
  beforeBatch(batchId: number, entry: OffsetEntry): Promise<void>;
  /** After the sink accepted batch `batchId` and the operators committed. */
  afterBatch(
    batchId: number,
    operators: readonly CheckpointableOperator[],
    next: WatermarkState,
    partitions: PartitionEventTimesState | undefined,
  ): Promise<void>;
}

/**
 * The resume point of a session-held checkpoint (`memory:<name>`).
 *
 * @example
 * const saved = store.load();
 * if (saved) runner.resume(resumeFromData(saved, compiled.sources));
 */
export function resumeFromData(data: CheckpointData, sources: readonly Source<unknown>[]): ResumePoint {
  return {
    nextBatchId: data.nextBatchId,
    committed: sources.map((s) => data.offsets[s.description] ?? null),
    watermark: data.watermark,
    previousBatchWatermarkMs: data.watermark ? (data.previousBatchWatermarkMs ?? data.watermark.watermarkMs) : undefined,
    initialOffsets: { ...(data.initialOffsets ?? {}) },
    operatorState: (id) => data.operators.find((o) => o.operatorId === id),
  };
}

/**
 * A checkpoint directory as the runner's `BatchCheckpoint`, and its resume point.
 *
 * @example
 * const dir = new DirectoryCheckpoint(FileCheckpoint.open(location, options));
 * runner.resume(dir.resumePoint(dir.files.recover(operatorIds), policy), dir);
 */
export class DirectoryCheckpoint implements BatchCheckpoint {
  readonly files: FileCheckpoint;

  constructor(files: FileCheckpoint) {
    this.files = files;
  }

  resumePoint(plan: RecoveryPlan, policy: MultipleWatermarkPolicy, sourceCount: number): ResumePoint {
    const partitionsMs = readPartitionWatermarks(this.files.fileManager, this.files.dir);
    return {
      nextBatchId: plan.nextBatchId,
      committed: Array.from({ length: sourceCount }, (_, i) => plan.startOffsets?.[i]?.offset ?? null),
      watermark: { policy, ...plan.watermark, ...(partitionsMs ? { partitionsMs } : {}) },
      previousBatchWatermarkMs: plan.previousBatchWatermarkMs ?? undefined,
      initialOffsets: {},
      operatorState: (id) => this.files.loadOperator(id, plan.stateVersion),
      ...(plan.replay ? { replay: plan.replay } : {}),
    };
  }

  initialOffsets(): InitialOffsetStore {
    return fileInitialOffsets(this.files.dir, this.files.fileManager);
  }

  beforeBatch(batchId: number, entry: OffsetEntry): Promise<void> {
    return this.files.writeOffsets(batchId, entry);
  }

  async afterBatch(
    batchId: number,
    operators: readonly CheckpointableOperator[],
    next: WatermarkState,
    partitions: PartitionEventTimesState | undefined,
  ): Promise<void> {
    if (partitions) await writePartitionWatermarks(this.files.fileManager, this.files.dir, partitions);
    await this.files.commitBatch(batchId, operators, next);
  }
}
