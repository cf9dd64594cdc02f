/**
 * The one port through which the checkpoint layer touches storage, in the manner of Spark's
 * `CheckpointFileManager`: atomic create, open (read), list, delete. Paths are `/`-separated
 * strings (see `paths.ts`). Core holds the contract, the in-memory implementation
 * (`InMemoryCheckpointFileManager`) and the registry of the default one; the file-system
 * implementation lives in `@streamlab/core/node` (`src/node/`), the only part of core that may
 * import `node:*`.
 *
 * Reads and listings are synchronous: they happen when a query starts (recovery) and when a state
 * store is opened, never per batch, and a synchronous read keeps `start()` and
 * `StateStoreProvider.open` synchronous.
 */
import { checkpointError } from './checkpoint-error.js';

/** Temp files start with a dot and end with `.tmp`; listings of logs and state ignore them. */
export const TEMP_SUFFIX = '.tmp';

/** Whether a directory entry is a temp file left by an unfinished write. */
export function isTempFile(name: string): boolean {
  return name.startsWith('.') && name.endsWith(TEMP_SUFFIX);
}

/**
 * What `createAtomic` writes: the text, or a function that returns it. A manager that stores bytes
 * calls the function at once; one that keeps files in memory may keep it and call it the first
 * time the file is read, so a file written every batch and read only by a restart (a state delta
 * of a `memory:` checkpoint) costs no text until then. The function must return the same text
 * whenever it is called: it may only close over values nothing mutates afterwards.
 */
export type FileContent = string | (() => string);

/** The text of `content`. */
export function contentText(content: FileContent): string {
  return typeof content === 'string' ? content : content();
}

export interface AtomicWriteOptions {
  /** Replace an existing file (default false: fail with CHECKPOINT_CONCURRENT_WRITE). */
  overwrite?: boolean;
}

export interface CheckpointFileManager {
  /**
   * Optional: true when `createAtomic` may keep content given as a function and call it later (at
   * the first read). Writers then check what they cannot encode later at once themselves; with a
   * manager that calls it at once, encoding is the check.
   */
  readonly defersContent?: boolean;
  /**
   * Writes `content` to `path` atomically (a reader sees the previous file or the whole new one)
   * and durably, creating missing parent directories. Without `overwrite`, a file that exists
   * fails the write with CHECKPOINT_CONCURRENT_WRITE (of two writers of one batch id, one wins).
   * Other failures are CHECKPOINT_IO.
   */
  createAtomic(path: string, content: FileContent, options?: AtomicWriteOptions): Promise<void>;
  /** The synchronous twin, for the `metadata` file written while `start()` runs. */
  createAtomicSync(path: string, content: string, options?: AtomicWriteOptions): void;
  /** The text of `path`, or `undefined` when it does not exist. */
  open(path: string): string | undefined;
  /** The names in directory `dir` (files and subdirectories; empty when it does not exist). */
  list(dir: string): string[];
  /** Deletes `path`; a file that is already gone is fine. */
  delete(path: string): Promise<void>;
}

/** The text of `path` through `fm`; a missing file is a CHECKPOINT_INCONSISTENT error naming it. */
export function readRequiredText(fm: CheckpointFileManager, path: string, why: string): string {
  const text = fm.open(path);
  if (text === undefined) {
    throw checkpointError(
      'CHECKPOINT_INCONSISTENT',
      path,
      `${path} is missing, but ${why}`,
      'the checkpoint directory is incomplete (files deleted or copied partially); restore it, or use a new checkpointLocation',
    );
  }
  return text;
}
