/**
 * Persists the state of every stateful operator of a query under `state/`, one directory per
 * operator id, the way Spark's HDFS-backed state store provider does:
 *
 * - each committed version gets a delta (the keys the batch put or removed), when the operator
 *   can say what changed; operators that only give full snapshots get a snapshot per version;
 * - every `snapshotEvery` versions a full snapshot is written as well, so a load never replays
 *   more than `snapshotEvery` deltas (Spark: `stateStore.minDeltasForSnapshot`, default 10);
 * - `purge` deletes files no version of the last `retainVersions` needs (Spark:
 *   `minBatchesToRetain`, default 100).
 */
import type { StateChanges } from '../exec/operator.js';
import { defaultCheckpointFileManager } from './file-manager-registry.js';
import type { CheckpointFileManager } from './file-manager.js';
import { joinPath as join } from './paths.js';
import { OperatorStateFiles, type LoadedState } from './state-files.js';
import type { StateFileListing } from './state-chain.js';
import type { StateCodec } from './value-codec.js';
import { StreamlabError } from '../errors.js';

/** What `persist` is given for one operator and version. */
export interface VersionToPersist {
  /** The changes of this version; without it a full snapshot is written. */
  changes?: StateChanges;
  /** The full state (entries, and operator-level meta); called only when a snapshot is due. */
  snapshot(): { entries: readonly unknown[]; meta?: unknown; detached?: boolean };
  /** Operator-level values stored with a delta (e.g. the last emitted watermark). */
  meta?: unknown;
}

export interface StatePersistenceOptions {
  codec: StateCodec;
  /** Write a full snapshot once this many versions passed since the last one (default 10). */
  snapshotEvery?: number;
  /** Keep every file needed to load any of the last this many versions (default 100, at least 2). */
  retainVersions?: number;
  /** Where the files go (default: the registered default file manager, see `file-manager-registry.ts`). */
  fileManager?: CheckpointFileManager;
}

const OPERATOR_DIR = /^(0|[1-9]\d*)$/;

/**
 * @example
 * const state = new StatePersistence('/cp/state', { codec: new StateCodec() });
 * await state.persist(0, 1, { changes: { updated: [['a', 1]], removed: [] }, snapshot: () => ({ entries: [['a', 1]] }) });
 * state.load(0, 1); // { entries: [['a', 1]], meta: undefined }
 */
export class StatePersistence {
  readonly dir: string;
  readonly snapshotEvery: number;
  readonly retainVersions: number;
  readonly fileManager: CheckpointFileManager;
  private readonly codec: StateCodec;
  private readonly operators = new Map<number, OperatorTrack>();

  constructor(dir: string, options: StatePersistenceOptions) {
    this.dir = dir;
    this.codec = options.codec;
    this.fileManager = options.fileManager ?? defaultCheckpointFileManager(dir);
    this.snapshotEvery = positiveInt('snapshotEvery', options.snapshotEvery ?? 10, 1);
    this.retainVersions = positiveInt('retainVersions', options.retainVersions ?? 100, 2);
  }

  /** The files of one operator. */
  files(operatorId: number): OperatorStateFiles {
    return this.track(operatorId).files;
  }

  /** Operator ids that have a directory under `state/`. */
  operatorIds(): number[] {
    return this.fileManager
      .list(this.dir)
      .filter((n) => OPERATOR_DIR.test(n))
      .map(Number)
      .sort((a, b) => a - b);
  }

  /** The state files of every operator on disk (for recovery planning). */
  listings(): Map<number, StateFileListing> {
    const out = new Map<number, StateFileListing>();
    for (const id of this.operatorIds()) out.set(id, this.files(id).listing());
    return out;
  }

  /** Version `version` of an operator's state (version 0: empty). */
  load(operatorId: number, version: number): LoadedState {
    return this.files(operatorId).load(version);
  }

  /** Writes version `version` of an operator's state (a delta, a snapshot, or both when one is due). */
  async persist(operatorId: number, version: number, v: VersionToPersist): Promise<void> {
    const t = this.track(operatorId);
    if (t.lastSnapshot === undefined) {
      const listing = t.files.listing();
      t.lastSnapshot = 0;
      for (const s of listing.snapshots) {
        if (s < version && s > t.lastSnapshot) t.lastSnapshot = s;
        if (s >= version) t.stale.add(s);
      }
    }
    const due = v.changes === undefined || version - t.lastSnapshot >= this.snapshotEvery;
    if (v.changes) await t.files.writeDelta(version, v.changes.updated, v.changes.removed, v.meta, v.changes.detached === true);
    if (due) {
      const s = v.snapshot();
      await t.files.writeSnapshot(version, s.entries, s.meta, s.detached === true);
      t.lastSnapshot = version;
    } else if (t.stale.has(version)) {
      // A snapshot an earlier, uncommitted attempt of this batch wrote: it must not shadow the delta.
      await t.files.remove(version, 'snapshot');
    }
    t.stale.delete(version);
  }

  /** Deletes, for every operator, the files no version in `[latest - retainVersions + 1, latest]` needs. */
  async purge(latest: number): Promise<string[]> {
    const gone: string[] = [];
    for (const id of this.operatorIds()) {
      for (const name of await this.files(id).purge(latest, this.retainVersions)) gone.push(`${id}/${name}`);
    }
    return gone;
  }

  private track(operatorId: number): OperatorTrack {
    let t = this.operators.get(operatorId);
    if (!t) {
      t = {
        files: new OperatorStateFiles(join(this.dir, String(operatorId)), operatorId, this.codec, this.fileManager),
        lastSnapshot: undefined,
        stale: new Set(),
      };
      this.operators.set(operatorId, t);
    }
    return t;
  }
}

interface OperatorTrack {
  files: OperatorStateFiles;
  /** Version of the newest snapshot written or found (undefined until the first persist). */
  lastSnapshot: number | undefined;
  /** Snapshots at or above the version being written, left by uncommitted attempts. */
  stale: Set<number>;
}

function positiveInt(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new StreamlabError('CHECKPOINT_BAD_OPTION', `checkpoint option ${name} must be an integer >= ${min}, got ${String(value)}`, {
      value,
      hint: `set ${name} to a whole number of batches, at least ${min}`,
    });
  }
  return value;
}
