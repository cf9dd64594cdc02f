/**
 * A simulated crash for the fault-tolerance step: a checkpoint file manager that fails one write
 * of a `commits/N` file, as if the process had been killed after the sink took batch N but before
 * the checkpoint recorded it: the worst moment, the one that makes a restarted query replay a batch
 * whose output is already in Kafka. Everything else goes to the real file manager.
 */
import { type AtomicWriteOptions, type CheckpointFileManager, defaultCheckpointFileManager, type FileContent } from '@streamlab/core';

export interface CrashingFileManager extends CheckpointFileManager {
  /** Whether the crash happened (the query then stops with the error). */
  readonly crashed: boolean;
  /** The commit file whose write was failed, e.g. `commits/3`. */
  readonly crashedAt: string | undefined;
}

/**
 * Fails the first write of a commit file for which `when(path)` is true (checked before the write).
 *
 * @example
 * const fm = crashBeforeCommit(dir, async () => (await readTopic(kafka, out)).length > 0);
 * new StreamingSession({ checkpointFileManager: fm });
 */
export function crashBeforeCommit(location: string, when: (path: string) => boolean | Promise<boolean>): CrashingFileManager {
  const inner = defaultCheckpointFileManager(location);
  let crashedAt: string | undefined;
  return {
    get crashed() {
      return crashedAt !== undefined;
    },
    get crashedAt() {
      return crashedAt;
    },
    async createAtomic(path: string, content: FileContent, options?: AtomicWriteOptions) {
      const commit = /(?:^|\/)commits\/(\d+)$/.exec(path);
      if (commit && crashedAt === undefined && (await when(path))) {
        crashedAt = `commits/${commit[1]}`;
        throw new Error(`simulated crash: the process died before writing ${crashedAt}`);
      }
      return inner.createAtomic(path, content, options);
    },
    createAtomicSync: (path, content, options) => inner.createAtomicSync(path, content, options),
    open: (path) => inner.open(path),
    list: (dir) => inner.list(dir),
    delete: (path) => inner.delete(path),
  };
}
