/**
 * A read-only look at a checkpoint directory, for people (the workshop, an operator on call):
 * whose it is, which batches are planned and committed, what a restart would do, and which state
 * files each operator has. It never writes, and reports a damaged checkpoint instead of throwing.
 */
import { StreamlabError } from '../errors.js';
import { defaultCheckpointFileManager } from './file-manager-registry.js';
import type { CheckpointFileManager } from './file-manager.js';
import { joinPath as join } from './paths.js';
import { commitEntrySchema, offsetEntrySchema, queryMetadataSchema, type QueryMetadata } from './entries.js';
import { decodeDocument, parseWith } from './log-format.js';
import { MetadataLog } from './metadata-log.js';
import { entriesNeeded, planRecovery, type RecoveryPlan } from './recovery.js';
import type { StateFileListing } from './state-chain.js';
import { StatePersistence } from './state-persistence.js';
import { StateCodec } from './value-codec.js';

export interface CheckpointSummary {
  dir: string;
  /** `undefined` when there is no `metadata` file (no query ever started here). */
  metadata: QueryMetadata | undefined;
  offsetBatchIds: number[];
  commitBatchIds: number[];
  state: { operatorId: number; files: StateFileListing }[];
  /** What a restart would do, or why it would refuse. */
  restart: { plan: RecoveryPlan } | { error: { code: string; message: string; file: unknown } };
}

/**
 * Summarises the checkpoint at `dir` without changing it.
 *
 * @example
 * const s = inspectCheckpoint('/var/streamlab/fraud');
 * 'plan' in s.restart ? s.restart.plan.kind : s.restart.error.message; // 'replay' | 'resume' | ...
 */
export function inspectCheckpoint(dir: string, fm: CheckpointFileManager = defaultCheckpointFileManager(dir)): CheckpointSummary {
  const summary: CheckpointSummary = {
    dir,
    metadata: undefined,
    offsetBatchIds: [],
    commitBatchIds: [],
    state: [],
    restart: { error: { code: 'CHECKPOINT_EMPTY', message: 'not read yet', file: dir } },
  };
  try {
    const file = join(dir, 'metadata');
    const text = fm.open(file);
    summary.metadata = text === undefined ? undefined : parseWith(queryMetadataSchema, file, decodeDocument(file, text));
    const offsets = new MetadataLog(join(dir, 'offsets'), offsetEntrySchema, fm);
    const commits = new MetadataLog(join(dir, 'commits'), commitEntrySchema, fm);
    const state = new StatePersistence(join(dir, 'state'), { codec: new StateCodec(), fileManager: fm });
    summary.offsetBatchIds = offsets.batchIds();
    summary.commitBatchIds = commits.batchIds();
    const listings = state.listings();
    summary.state = [...listings].map(([operatorId, files]) => ({ operatorId, files }));
    const need = entriesNeeded(summary.offsetBatchIds, summary.commitBatchIds);
    const read = <T>(log: MetadataLog<T>, ids: number[]) => {
      const m = new Map<number, T>();
      for (const id of ids) {
        const e = log.get(id);
        if (e) m.set(id, e);
      }
      return m;
    };
    summary.restart = {
      plan: planRecovery({
        dir,
        offsetIds: summary.offsetBatchIds,
        commitIds: summary.commitBatchIds,
        offsets: read(offsets, need.offsets),
        commits: read(commits, need.commits),
        state: listings,
      }),
    };
  } catch (err) {
    if (!(err instanceof StreamlabError)) throw err;
    summary.restart = { error: { code: err.code, message: err.message, file: (err.value as { file?: unknown } | undefined)?.file } };
  }
  return summary;
}
