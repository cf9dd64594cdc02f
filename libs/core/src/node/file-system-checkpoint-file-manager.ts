/**
 * The `CheckpointFileManager` of a checkpoint directory on a local file system (Node's fs): atomic
 * writes by temp file + fsync + rename/link (`atomic-write.ts`), synchronous reads and listings.
 */
import { contentText, type AtomicWriteOptions, type CheckpointFileManager, type FileContent } from '../checkpoint/file-manager.js';
import { writeFileAtomic, writeFileAtomicSync } from './atomic-write.js';
import { listNames, readTextIfExists, removeFile } from './fs-read.js';

export interface FileSystemCheckpointOptions {
  /**
   * Default true: every write is fsynced (file and directory), so a committed batch survives a
   * power loss. `false`: writes stay atomic and survive the process being killed, not a machine
   * crash (Spark's checkpoint on a local disk, Kafka Streams' at-least-once commits); a batch no
   * longer waits for the disk, which takes the file system's stalls out of end-to-end latency.
   */
  fsync?: boolean;
}

/**
 * @example
 * new StreamingSession({ checkpointFileManager: new FileSystemCheckpointFileManager() });
 * new StreamingSession({ checkpointFileManager: new FileSystemCheckpointFileManager({ fsync: false }) }); // lower latency, not power-loss safe
 */
export class FileSystemCheckpointFileManager implements CheckpointFileManager {
  private readonly fsync: boolean;

  constructor(options: FileSystemCheckpointOptions = {}) {
    this.fsync = options.fsync ?? true;
  }

  createAtomic(path: string, content: FileContent, options?: AtomicWriteOptions): Promise<void> {
    return writeFileAtomic(path, contentText(content), { ...options, fsync: this.fsync });
  }

  createAtomicSync(path: string, content: string, options?: AtomicWriteOptions): void {
    writeFileAtomicSync(path, content, { ...options, fsync: this.fsync });
  }

  open(path: string): string | undefined {
    return readTextIfExists(path);
  }

  list(dir: string): string[] {
    return listNames(dir);
  }

  delete(path: string): Promise<void> {
    return removeFile(path);
  }
}
