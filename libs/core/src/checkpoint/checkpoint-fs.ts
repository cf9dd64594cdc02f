/**
 * The reading side of checkpoint file access (writing is `atomic-write.ts`). Reads are
 * synchronous: they happen when a query starts (recovery) and when a state store is opened,
 * never per batch, and a synchronous read keeps `StateStoreProvider.open` synchronous.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { checkpointError } from './checkpoint-error.js';

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

/** The text of `path`; a missing file is a CHECKPOINT_INCONSISTENT error naming it. */
export function readText(path: string, why: string): string {
  const text = readTextIfExists(path);
  if (text === undefined) {
    throw checkpointError('CHECKPOINT_INCONSISTENT', path, `${path} is missing, but ${why}`,
      'the checkpoint directory is incomplete (files deleted or copied partially); restore it, or use a new checkpointLocation');
  }
  return text;
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
  return checkpointError('CHECKPOINT_IO', path, `could not ${verb} ${path}: ${(err as Error).message}`,
    'check that the checkpoint directory exists and is readable and writable by this process', {}, err);
}
