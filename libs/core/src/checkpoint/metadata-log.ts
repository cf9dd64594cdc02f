/**
 * A directory of one file per batch id (Spark's HDFSMetadataLog): `offsets/0`, `offsets/1`, ...
 * Each file is written atomically and at most once: writing a batch id that exists fails with
 * CHECKPOINT_CONCURRENT_WRITE, which is how two queries sharing a checkpoint are caught.
 */
import type { z } from 'zod';
import { defaultCheckpointFileManager } from './file-manager-registry.js';
import { isTempFile, type CheckpointFileManager } from './file-manager.js';
import { joinPath as join } from './paths.js';
import { decodeDocument, encodeDocument, parseWith } from './log-format.js';
import { StreamlabError } from '../errors.js';

const BATCH_FILE = /^(0|[1-9]\d*)$/;

/**
 * @example
 * const log = new MetadataLog('/cp/commits', commitEntrySchema);
 * await log.add(0, { nextBatchWatermarkMs: 0, nextInputWatermarksMs: [] });
 * log.latest(); // { batchId: 0, entry: { ... } }
 */
export class MetadataLog<T> {
  readonly dir: string;
  private readonly schema: z.ZodType<T>;
  private readonly fm: CheckpointFileManager;

  /** `fm` defaults to the registered default file manager (`file-manager-registry.ts`). */
  constructor(dir: string, schema: z.ZodType<T>, fm: CheckpointFileManager = defaultCheckpointFileManager(dir)) {
    this.dir = dir;
    this.schema = schema;
    this.fm = fm;
  }

  /** The file of `batchId`. */
  pathOf(batchId: number): string {
    return join(this.dir, String(batchId));
  }

  /** Writes the entry of `batchId`; fails with CHECKPOINT_CONCURRENT_WRITE if it exists. */
  async add(batchId: number, entry: T): Promise<void> {
    checkBatchId(batchId);
    const path = this.pathOf(batchId);
    const checked = parseWith(this.schema, path, entry);
    await this.fm.createAtomic(path, encodeDocument(checked), { overwrite: false });
  }

  /** The entry of `batchId`, or `undefined` if there is no file; a damaged file throws CHECKPOINT_CORRUPT. */
  get(batchId: number): T | undefined {
    const path = this.pathOf(batchId);
    const text = this.fm.open(path);
    return text === undefined ? undefined : parseWith(this.schema, path, decodeDocument(path, text));
  }

  /** The batch ids present, ascending (temp files and other names are ignored). */
  batchIds(): number[] {
    const ids: number[] = [];
    for (const name of this.fm.list(this.dir)) if (BATCH_FILE.test(name)) ids.push(Number(name));
    return ids.sort((a, b) => a - b);
  }

  /** The entry with the highest batch id, if any. */
  latest(): { batchId: number; entry: T } | undefined {
    const ids = this.batchIds();
    const last = ids[ids.length - 1];
    if (last === undefined) return undefined;
    const entry = this.get(last);
    return entry === undefined ? undefined : { batchId: last, entry };
  }

  /**
   * Deletes the files of batch ids below `minBatchIdToKeep`, and temp files left by interrupted
   * writes (call it between batches, never while a write is in flight); returns the ids deleted.
   */
  async purge(minBatchIdToKeep: number): Promise<number[]> {
    const gone = this.batchIds().filter((id) => id < minBatchIdToKeep);
    for (const id of gone) await this.fm.delete(this.pathOf(id));
    for (const name of this.fm.list(this.dir)) if (isTempFile(name)) await this.fm.delete(join(this.dir, name));
    return gone;
  }
}

function checkBatchId(batchId: number): void {
  if (!Number.isSafeInteger(batchId) || batchId < 0) {
    throw new StreamlabError('CHECKPOINT_BAD_BATCH_ID', `batch id ${String(batchId)} is not a non-negative integer`, {
      value: batchId,
      hint: 'batch ids are 0, 1, 2, ... as counted by the query runner',
    });
  }
}
