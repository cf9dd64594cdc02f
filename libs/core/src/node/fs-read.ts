/**
 * The reading side of the file-system checkpoint file manager (writing is `atomic-write.ts`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { checkpointError } from '../checkpoint/checkpoint-error.js';

/**
 * The text of `path`, or `undefined` when it does not exist.
 *
 * @example
 * readTextIfExists('/cp/metadata'); // 'v1\n{ "id": ... }\n' or undefined
 */
export function readTextIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw ioError(path, 'read', err);
  }
}

/** The names in `dir` (empty when it does not exist). */
export function listNames(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw ioError(dir, 'list', err);
  }
}

/** Deletes `path`; a file that is already gone is fine. */
export async function removeFile(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError(path, 'delete', err);
  }
}

function ioError(path: string, verb: string, err: unknown) {
  return checkpointError(
    'CHECKPOINT_IO',
    path,
    `could not ${verb} ${path}: ${(err as Error).message}`,
    'check that the checkpoint directory exists and is readable and writable by this process',
    {},
    err,
  );
}
