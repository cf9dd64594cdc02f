/**
 * Atomic file writes with Node's fs only, the way Hadoop's CheckpointFileManager does it:
 * write a temp file in the same directory, fsync it, move it to its final name, fsync the
 * directory. A reader sees either the previous file or the complete new one, never a prefix.
 *
 * Two modes:
 * - `overwrite: true` (state files: a replayed batch rewrites the same delta): `rename`.
 * - `overwrite: false` (offset and commit logs): `link` the temp file to the final name, which
 *   fails if the name exists, so of two writers of the same batch id exactly one wins, even
 *   across processes. This is how a second query on the same checkpoint is detected.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fsyncSync, linkSync, mkdirSync, openSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { type FileHandle, link, mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { checkpointError } from '../checkpoint/checkpoint-error.js';
import { TEMP_SUFFIX, type AtomicWriteOptions } from '../checkpoint/file-manager.js';

/**
 * `fsync: false` (default true) leaves out the fsyncs: still atomic (a reader sees the old or the
 * whole new file, also after the process is killed), but the write may be lost to a power loss or
 * an OS crash, as with Hadoop's local file system under Spark and Kafka Streams' at-least-once
 * commits. A file-system write stall then no longer holds up the batch.
 */
export interface FileWriteOptions extends AtomicWriteOptions {
  fsync?: boolean;
}

/**
 * Writes `content` to `path` atomically and durably.
 *
 * @example
 * await writeFileAtomic('/cp/commits/3', 'v1\n{"nextBatchWatermarkMs":0}\n');
 */
export async function writeFileAtomic(path: string, content: string, options: FileWriteOptions = {}): Promise<void> {
  const dir = dirname(path);
  const tmp = tempName(path);
  const fsync = options.fsync ?? true;
  let linking = false;
  try {
    const created = await mkdir(dir, { recursive: true });
    if (created !== undefined && fsync) await syncDir(dirname(created)); // the new directory's own entry
    const fh = await open(tmp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o644);
    try {
      await fh.writeFile(content, 'utf8');
      if (fsync) await fh.sync();
    } finally {
      await fh.close();
    }
    if (options.overwrite) {
      await rename(tmp, path);
    } else {
      linking = true;
      await link(tmp, path);
      linking = false;
      await unlink(tmp);
    }
    if (fsync) await syncDir(dir);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw writeError(path, err, linking);
  }
}

/**
 * The synchronous twin of {@link writeFileAtomic}, for the one write a query makes while it is
 * being started (the `metadata` file), so a refused checkpoint fails `start()` itself.
 *
 * @example
 * writeFileAtomicSync('/cp/metadata', 'v1\n{...}\n');
 */
export function writeFileAtomicSync(path: string, content: string, options: FileWriteOptions = {}): void {
  const dir = dirname(path);
  const tmp = tempName(path);
  const fsync = options.fsync ?? true;
  let linking = false;
  try {
    const created = mkdirSync(dir, { recursive: true });
    if (created !== undefined && fsync) syncDirSync(dirname(created));
    const fd = openSync(tmp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o644);
    try {
      writeFileSync(fd, content, 'utf8');
      if (fsync) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (options.overwrite) {
      renameSync(tmp, path);
    } else {
      linking = true;
      linkSync(tmp, path);
      linking = false;
      unlinkSync(tmp);
    }
    if (fsync) syncDirSync(dir);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw writeError(path, err, linking);
  }
}

function tempName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
}

function writeError(path: string, err: unknown, linking: boolean) {
  if (linking && (err as NodeJS.ErrnoException).code === 'EEXIST') {
    return checkpointError(
      'CHECKPOINT_CONCURRENT_WRITE',
      path,
      `${path} already exists: another writer wrote this batch first`,
      'two streaming queries are using the same checkpointLocation at once; stop one of them, or give each its own checkpointLocation',
    );
  }
  return checkpointError(
    'CHECKPOINT_IO',
    path,
    `could not write ${path}: ${(err as Error).message}`,
    'check that the checkpoint directory is writable and the disk is not full',
    {},
    err,
  );
}

const IGNORED_DIR_SYNC = new Set(['EISDIR', 'EINVAL', 'EPERM']);

function syncDirSync(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, constants.O_RDONLY);
    fsyncSync(fd);
  } catch (err) {
    if (!IGNORED_DIR_SYNC.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** fsyncs a directory so a rename or link in it survives a power loss (no-op where unsupported). */
async function syncDir(dir: string): Promise<void> {
  let fh: FileHandle | undefined;
  try {
    fh = await open(dir, constants.O_RDONLY);
    await fh.sync();
  } catch (err) {
    if (!IGNORED_DIR_SYNC.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
  } finally {
    await fh?.close();
  }
}
