/**
 * A `CheckpointFileManager` over a map in memory: what `memory:<name>` checkpoint locations, tests
 * and pure environments (a browser, a worker) use, with the same contract as the file one (atomic
 * create, overwrite refusal, listings). Content given as a function (`FileContent`) is kept as one
 * and turned into text, once, when the file is first read.
 */
import { checkpointError } from './checkpoint-error.js';
import type { AtomicWriteOptions, CheckpointFileManager, FileContent } from './file-manager.js';
import { joinPath } from './paths.js';

/**
 * @example
 * const fm = new InMemoryCheckpointFileManager();
 * fm.createAtomicSync('/cp/metadata', 'v1\n{}\n');
 * fm.list('/cp'); // ['metadata']
 */
export class InMemoryCheckpointFileManager implements CheckpointFileManager {
  readonly defersContent = true;
  private readonly files = new Map<string, FileContent>();

  async createAtomic(path: string, content: FileContent, options: AtomicWriteOptions = {}): Promise<void> {
    this.put(path, content, options);
  }

  createAtomicSync(path: string, content: string, options: AtomicWriteOptions = {}): void {
    this.put(path, content, options);
  }

  open(path: string): string | undefined {
    const key = joinPath(path);
    const content = this.files.get(key);
    if (typeof content !== 'function') return content;
    const text = content();
    this.files.set(key, text);
    return text;
  }

  private put(path: string, content: FileContent, options: AtomicWriteOptions): void {
    const key = joinPath(path);
    if (!options.overwrite && this.files.has(key)) {
      throw checkpointError(
        'CHECKPOINT_CONCURRENT_WRITE',
        path,
        `${path} already exists: another writer wrote this batch first`,
        'two streaming queries are using the same checkpointLocation at once; stop one of them, or give each its own checkpointLocation',
      );
    }
    this.files.set(key, content);
  }

  list(dir: string): string[] {
    const prefix = `${joinPath(dir)}/`.replace(/^\/\/$/, '/');
    const names = new Set<string>();
    for (const key of this.files.keys()) {
      if (key.startsWith(prefix)) names.add(key.slice(prefix.length).split('/')[0]!);
    }
    return [...names];
  }

  async delete(path: string): Promise<void> {
    this.files.delete(joinPath(path));
  }
}
