/**
 * A query's checkpoint location on disk, with Spark's layout:
 *
 * ```
 * <checkpointLocation>/
 *   metadata             query id, query shape, multipleWatermarkPolicy (written once)
 *   offsets/<N>          the plan of batch N, written before it runs (write-ahead log)
 *   commits/<N>          written once the sink accepted batch N and its state was persisted
 *   state/<op>/<V>.delta, <V>.snapshot   per stateful operator, version V = after batch V - 1
 * ```
 *
 * The runner calls, per query start: `FileCheckpoint.open` → `recover()` → `loadOperator` per
 * stateful operator; per batch: `writeOffsets(N)` before running it, `commitBatch(N)` after the
 * sink accepted it. The runner drives it through `DirectoryCheckpoint` (`src/query/query-checkpoint.ts`).
 */
import { z } from 'zod';
import { checkpointError } from './checkpoint-error.js';
import { defaultCheckpointFileManager } from './file-manager-registry.js';
import type { CheckpointFileManager } from './file-manager.js';
import { joinPath as join } from './paths.js';
import {
  commitEntrySchema,
  offsetEntrySchema,
  queryMetadataSchema,
  type CommitEntry,
  type OffsetEntry,
  type QueryMetadata,
  type WatermarkPolicy,
} from './entries.js';
import { decodeDocument, encodeDocument, parseWith } from './log-format.js';
import { MetadataLog } from './metadata-log.js';
import { shapeDifference, type QueryShape } from './query-shape.js';
import { entriesNeeded, planRecovery, type PlannedWatermark, type RecoveryPlan } from './recovery.js';
import { StatePersistence } from './state-persistence.js';
import { StateCodec, type ValueCodec } from './value-codec.js';
import type { StateChanges, StateSnapshot } from '../exec/operator.js';
import type { Logger } from '../ports.js';
import { StreamlabError } from '../errors.js';
import { randomId } from '../random-id.js';

export interface CheckpointOptions {
  /** The query's shape (`queryShape(plan)`): a checkpoint of another shape is refused. */
  shape: QueryShape;
  /** Stored on creation; a restart with another policy is refused. Default `min`. */
  multipleWatermarkPolicy?: WatermarkPolicy;
  /** The id of a new query (default: a random UUID). Ignored when the checkpoint exists. */
  newQueryId?: () => string;
  /** Codecs for state values JSON cannot hold beyond the built-in ones (see `StateCodec`). */
  valueCodecs?: readonly ValueCodec[];
  /** Full state snapshot every this many batches (default 10). */
  snapshotEvery?: number;
  /** Batches whose offsets, commits and state are kept (default 100, at least 2). */
  retainBatches?: number;
  logger?: Logger;
  /**
   * Where the files go (Spark's CheckpointFileManager). Default: the registered default, the
   * file system under Node (see `file-manager-registry.ts`).
   */
  fileManager?: CheckpointFileManager;
}

/** The state of a stateful operator as the checkpoint sees it (`StatefulOperator` fits). */
export interface CheckpointableOperator {
  readonly operatorId: number;
  snapshot(): { entries: readonly unknown[]; meta?: unknown; detached?: boolean };
  /** Optional: the changes of the version just committed; without it a snapshot is written every batch. */
  stateChanges?(): StateChanges;
}

/**
 * @example
 * const cp = FileCheckpoint.open('/var/streamlab/fraud', { shape: queryShape(plan) });
 * const plan = cp.recover();            // where to resume
 * await cp.writeOffsets(plan.nextBatchId, { ... });
 * // run the batch, hand it to the sink, commit operators, update the watermark tracker
 * await cp.commitBatch(plan.nextBatchId, operators, tracker.toState());
 */
export class FileCheckpoint {
  readonly dir: string;
  readonly metadata: QueryMetadata;
  readonly offsets: MetadataLog<OffsetEntry>;
  readonly commits: MetadataLog<CommitEntry>;
  readonly state: StatePersistence;
  readonly fileManager: CheckpointFileManager;
  private readonly retainBatches: number;
  private readonly logger: Logger | undefined;
  private replayBatchId: number | undefined;

  private constructor(dir: string, metadata: QueryMetadata, state: StatePersistence, logger: Logger | undefined) {
    this.dir = dir;
    this.metadata = metadata;
    this.fileManager = state.fileManager;
    this.offsets = new MetadataLog(join(dir, 'offsets'), offsetEntrySchema, this.fileManager);
    this.commits = new MetadataLog(join(dir, 'commits'), commitEntrySchema, this.fileManager);
    this.state = state;
    this.retainBatches = state.retainVersions;
    this.logger = logger;
  }

  /** The query id stored in the checkpoint (`progress.id`). */
  get queryId(): string {
    return this.metadata.id;
  }

  /**
   * Opens (or creates) the checkpoint at `dir`. An existing one must belong to a query of the same
   * shape and watermark policy, or CHECKPOINT_QUERY_MISMATCH says what differs. Synchronous, so
   * `start()` can refuse a checkpoint at once.
   */
  static open(dir: string, options: CheckpointOptions): FileCheckpoint {
    checkOptions(options); // first, so a refused start leaves no file behind
    const fm = options.fileManager ?? defaultCheckpointFileManager(dir);
    const state = new StatePersistence(join(dir, 'state'), {
      codec: new StateCodec(options.valueCodecs),
      snapshotEvery: options.snapshotEvery,
      retainVersions: options.retainBatches,
      fileManager: fm,
    });
    const policy = options.multipleWatermarkPolicy ?? 'min';
    const file = join(dir, 'metadata');
    let metadata = readMetadata(fm, file);
    if (!metadata) {
      const fresh: QueryMetadata = { id: (options.newQueryId ?? randomId)(), multipleWatermarkPolicy: policy, shape: options.shape };
      try {
        fm.createAtomicSync(file, encodeDocument(fresh), { overwrite: false });
        metadata = fresh;
      } catch (err) {
        metadata = readMetadata(fm, file); // another starter won the race: check against its metadata
        if (!metadata) throw err;
      }
    }
    const difference = shapeDifference(metadata.shape, options.shape);
    if (difference) {
      throw checkpointError(
        'CHECKPOINT_QUERY_MISMATCH',
        file,
        `checkpoint ${dir} belongs to a different query: ${difference}`,
        'a checkpoint can only resume the query that wrote it (same sources, watermarks and stateful operators); ' +
          'restore that query, or use a new checkpointLocation for this one',
        { stored: metadata.shape.lines, current: options.shape.lines },
      );
    }
    if (metadata.multipleWatermarkPolicy !== policy) {
      throw checkpointError(
        'CHECKPOINT_QUERY_MISMATCH',
        file,
        `checkpoint ${dir} was written with multipleWatermarkPolicy '${metadata.multipleWatermarkPolicy}', this query asks for '${policy}'`,
        `the policy cannot change on restart (as in Spark); set multipleWatermarkPolicy to '${metadata.multipleWatermarkPolicy}' or use a new checkpointLocation`,
        { stored: metadata.multipleWatermarkPolicy, current: policy },
      );
    }
    return new FileCheckpoint(dir, metadata, state, options.logger);
  }

  /**
   * Where to resume. Reads only the files it needs, and checks that the state of every operator
   * on disk, and of every id in `operatorIds` (the query's stateful operators), can be rebuilt at
   * the version to load.
   */
  recover(operatorIds: readonly number[] = []): RecoveryPlan {
    const offsetIds = this.offsets.batchIds();
    const commitIds = this.commits.batchIds();
    const need = entriesNeeded(offsetIds, commitIds);
    const offsets = new Map<number, OffsetEntry>();
    const commits = new Map<number, CommitEntry>();
    for (const id of need.offsets) {
      const e = this.offsets.get(id);
      if (e) offsets.set(id, e);
    }
    for (const id of need.commits) {
      const e = this.commits.get(id);
      if (e) commits.set(id, e);
    }
    const state = this.state.listings();
    for (const id of operatorIds) if (!state.has(id)) state.set(id, { snapshots: [], deltas: [] });
    const plan = planRecovery({ dir: this.dir, offsetIds, commitIds, offsets, commits, state });
    this.replayBatchId = plan.kind === 'replay' ? plan.nextBatchId : undefined;
    this.logger?.info(
      { checkpoint: this.dir, kind: plan.kind, nextBatchId: plan.nextBatchId, lastCommittedBatchId: plan.lastCommittedBatchId },
      plan.kind === 'replay' ? 'replaying the uncommitted batch from the checkpoint' : 'checkpoint recovered',
    );
    return plan;
  }

  /** The state of an operator at `version`, as `StatefulOperator.restore` takes it. */
  loadOperator(operatorId: number, version: number): StateSnapshot {
    const { entries, meta } = this.state.load(operatorId, version);
    return meta === undefined ? { operatorId, version, entries } : { operatorId, version, entries, meta };
  }

  /**
   * Writes `offsets/N` before batch N runs. For the batch `recover()` said to replay, the file
   * exists already: it is not written again, and the entry must hold the recorded offsets.
   */
  async writeOffsets(batchId: number, entry: OffsetEntry): Promise<void> {
    if (batchId === this.replayBatchId) {
      this.replayBatchId = undefined;
      const recorded = this.offsets.get(batchId);
      if (recorded && canonicalJson(recorded.sources) === canonicalJson(entry.sources)) return;
      throw checkpointError(
        'CHECKPOINT_INCONSISTENT',
        this.offsets.pathOf(batchId),
        `batch ${batchId} is being replayed with offsets other than the ones recorded in ${this.offsets.pathOf(batchId)}`,
        'a replayed batch must read exactly its recorded offsets (RecoveryPlan.replay.endOffsets)',
        { recorded: recorded?.sources, given: entry.sources },
      );
    }
    await this.offsets.add(batchId, entry);
  }

  /**
   * Batch `batchId` was accepted by the sink and its operators committed: persists their state as
   * version `batchId + 1`, writes `commits/N` with the watermark the next batch uses, and purges
   * old files every `snapshotEvery` batches. `next` is the watermark tracker after it folded in
   * this batch (`tracker.toState()` fits).
   */
  async commitBatch(batchId: number, operators: readonly CheckpointableOperator[], next: PlannedWatermark): Promise<void> {
    await this.persistState(batchId, operators);
    await this.commitPersisted(batchId, next);
  }

  /**
   * `commitBatch` for a batch whose state `persistState` wrote already (the runner writes it while
   * the sink writes the batch): `commits/N`, then the purge every `snapshotEvery` batches.
   */
  async commitPersisted(batchId: number, next: PlannedWatermark): Promise<void> {
    await this.writeCommit(batchId, next);
    if ((batchId + 1) % this.state.snapshotEvery === 0) await this.purge(batchId);
  }

  /**
   * First half of `commitBatch`: writes version `batchId + 1` of every operator's state. Until
   * `commits/N` is written the version is not committed: a restart replays batch N from version N
   * and writes version `N + 1` again.
   */
  async persistState(batchId: number, operators: readonly CheckpointableOperator[]): Promise<void> {
    const version = batchId + 1;
    for (const op of operators) {
      const changes = op.stateChanges?.();
      await this.state.persist(op.operatorId, version, { changes, meta: changes?.meta, snapshot: () => op.snapshot() });
    }
  }

  /** Second half of `commitBatch`: writes `commits/N`; from now on batch N is never replayed. */
  async writeCommit(batchId: number, next: PlannedWatermark): Promise<void> {
    await this.commits.add(batchId, { nextBatchWatermarkMs: next.watermarkMs, nextInputWatermarksMs: next.inputsMs });
  }

  /** Deletes offsets, commits and state files older than the last `retainBatches` batches. */
  async purge(lastCommittedBatchId: number): Promise<void> {
    const minBatch = lastCommittedBatchId - this.retainBatches + 1;
    const offsets = await this.offsets.purge(minBatch);
    const commits = await this.commits.purge(minBatch);
    const state = await this.state.purge(lastCommittedBatchId + 1);
    if (offsets.length + commits.length + state.length > 0) {
      this.logger?.debug({ checkpoint: this.dir, offsets: offsets.length, commits: commits.length, state: state.length }, 'purged old checkpoint files');
    }
  }
}

const optionsSchema = z.object({
  snapshotEvery: z.number().int().min(1).optional(),
  retainBatches: z.number().int().min(2).optional(),
  multipleWatermarkPolicy: z.enum(['min', 'max']).optional(),
});

function checkOptions(options: CheckpointOptions): void {
  const result = optionsSchema.safeParse(options);
  if (result.success) return;
  const issue = result.error.issues[0]!;
  const name = issue.path.join('.');
  throw new StreamlabError('CHECKPOINT_BAD_OPTION', `checkpoint option ${name} is invalid: ${issue.message}`, {
    value: (options as unknown as Record<string, unknown>)[name],
    hint: 'snapshotEvery is a whole number of batches >= 1, retainBatches >= 2, multipleWatermarkPolicy is min or max',
  });
}

function readMetadata(fm: CheckpointFileManager, file: string): QueryMetadata | undefined {
  const text = fm.open(file);
  return text === undefined ? undefined : parseWith(queryMetadataSchema, file, decodeDocument(file, text));
}

/** JSON with object keys sorted, so equal offsets compare equal whatever their key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
