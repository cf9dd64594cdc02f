/**
 * The one checkpoint interface the runner sees, whatever the `checkpointLocation` (a directory
 * through the session's `CheckpointFileManager`, or `memory:<name>` in the session's
 * `InMemoryCheckpointFileManager`: the same files either way):
 *
 * - `ResumePoint`: where a starting query resumes (next batch id, committed offsets, watermark,
 *   operator state, a batch to replay), built by `DirectoryCheckpoint.resumePoint` from the
 *   location's recovery plan.
 * - `BatchCheckpoint`: what is made durable around every batch (`offsets/N` before it runs; state
 *   while the sink writes it; per-partition watermarks and `commits/N` after the sink accepted it)
 *   and where sources' initial offsets are kept. `BatchRunner.resume(point, checkpoint)` takes both.
 */
import type { FileCheckpoint, CheckpointableOperator } from '../checkpoint/checkpoint.js';
import type { OffsetEntry } from '../checkpoint/entries.js';
import type { RecoveryPlan } from '../checkpoint/recovery.js';
import type { StateSnapshot } from '../exec/operator.js';
import type { Offset } from '../ports.js';
import type { PartitionEventTimesState } from '../watermark/partition-watermarks.js';
import type { MultipleWatermarkPolicy, WatermarkState } from '../watermark/tracker.js';
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
  /**
   * Optional: while the sink writes batch `batchId`, after the operators committed it, makes their
   * new state durable but not committed (a restart still replays the batch). `afterBatch` then
   * commits it. A checkpoint that makes state and commit durable together (a Kafka transaction)
   * leaves it out, and the runner commits the operators after the sink and calls `afterBatch` only.
   */
  persistState?(batchId: number, operators: readonly CheckpointableOperator[]): Promise<void>;
  /** After the sink accepted batch `batchId` and the operators committed. */
  afterBatch(
    batchId: number,
    operators: readonly CheckpointableOperator[],
    next: WatermarkState,
    partitions: PartitionEventTimesState | undefined,
  ): Promise<void>;
}

/**
 * A checkpoint kept somewhere other than a checkpoint location, given to a writer with
 * `.externalCheckpoint(cp)`: it restored the query's resume point before the start (e.g.
 * `@streamlab/kafka`'s scale-out tasks, from compacted changelog topics) and makes each batch
 * durable in `afterBatch` (e.g. in the batch's Kafka transaction).
 *
 * @example
 * stream.writeStream.sink(sink).externalCheckpoint({
 *   queryId: 'fraud-3',
 *   resumePoint: (policy, sources) => ({ nextBatchId: 0, committed: Array(sources).fill(null), watermark: undefined, previousBatchWatermarkMs: undefined, operatorState: () => undefined }),
 *   initialOffsets: () => memoryInitialOffsets({}),
 *   beforeBatch: async () => undefined,
 *   afterBatch: async () => undefined,
 * }).start();
 */
export interface ExternalCheckpoint extends BatchCheckpoint {
  /** The query id (`progress.id`); default a random one per start. */
  readonly queryId?: string;
  /** Where the query resumes (called once, synchronously, when it starts). */
  resumePoint(policy: MultipleWatermarkPolicy, sourceCount: number): ResumePoint;
}

/**
 * A checkpoint location (Spark's layout, on any `CheckpointFileManager`) as the runner's
 * `BatchCheckpoint`, and its resume point.
 *
 * @example
 * const dir = new DirectoryCheckpoint(FileCheckpoint.open(location, options));
 * runner.resume(dir.resumePoint(dir.files.recover(operatorIds), policy, sources.length), dir);
 */
export class DirectoryCheckpoint implements BatchCheckpoint {
  readonly files: FileCheckpoint;
  /** The batch whose state `persistState` wrote last (`afterBatch` then only commits it). */
  private persistedBatchId = -1;

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
      // Version 0 is the empty state before any batch: nothing to restore, so operators keep what
      // they were compiled with (a stream-stream join's known column schema, for one).
      operatorState: (id) => (plan.stateVersion === 0 ? undefined : this.files.loadOperator(id, plan.stateVersion)),
      ...(plan.replay ? { replay: plan.replay } : {}),
    };
  }

  initialOffsets(): InitialOffsetStore {
    return fileInitialOffsets(this.files.dir, this.files.fileManager);
  }

  beforeBatch(batchId: number, entry: OffsetEntry): Promise<void> {
    return this.files.writeOffsets(batchId, entry);
  }

  /** The state files of version `batchId + 1` (`state/<op>/<version>.delta`, a snapshot every `snapshotEvery`). */
  async persistState(batchId: number, operators: readonly CheckpointableOperator[]): Promise<void> {
    await this.files.persistState(batchId, operators);
    this.persistedBatchId = batchId;
  }

  async afterBatch(
    batchId: number,
    operators: readonly CheckpointableOperator[],
    next: WatermarkState,
    partitions: PartitionEventTimesState | undefined,
  ): Promise<void> {
    if (partitions) await writePartitionWatermarks(this.files.fileManager, this.files.dir, partitions);
    if (this.persistedBatchId === batchId) await this.files.commitPersisted(batchId, next);
    else await this.files.commitBatch(batchId, operators, next);
  }
}
