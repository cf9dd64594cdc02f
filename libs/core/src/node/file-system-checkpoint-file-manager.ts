/**
 * The `CheckpointFileManager` of a checkpoint directory on a local file system (Node's fs): atomic
 * writes by temp file + fsync + rename/link (`atomic-write.ts`), synchronous reads and listings.
 */
import { contentText, type AtomicWriteOptions, type CheckpointFileManager, type FileContent } from '../checkpoint/file-manager.js';
import { writeFileAtomic, writeFileAtomicSync } from './atomic-write.js';
import { listNames, readTextIfExists, removeFile } from './fs-read.js';

/**
 * @example
 * new StreamingSession({ checkpointFileManager: new FileSystemCheckpointFileManager() });
 */
export class FileSystemCheckpointFileManager implements CheckpointFileManager {
  createAtomic(path: string, content: FileContent, options?: AtomicWriteOptions): Promise<void> {
    return writeFileAtomic(path, contentText(content), options);
  }

  createAtomicSync(path: string, content: string, options?: AtomicWriteOptions): void {
    writeFileAtomicSync(path, content, options);
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
