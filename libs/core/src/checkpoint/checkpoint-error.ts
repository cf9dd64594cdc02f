/**
 * The errors of the checkpoint layer. Every one names the file (or directory) it is about in
 * `value.file`, so a person can open it, and says what to do in `hint`. None is retriable by
 * default: a checkpoint that cannot be read must stop the query, never restart it from scratch.
 */
import { StreamlabError } from '../errors.js';

/** Stable codes of checkpoint errors (match on these, not on messages). */
export type CheckpointErrorCode =
  /** A file is empty, truncated, not valid JSON, or does not match its schema. */
  | 'CHECKPOINT_CORRUPT'
  /** A file was written by a newer format version than this library reads. */
  | 'CHECKPOINT_VERSION_UNSUPPORTED'
  /** Another writer already wrote this batch id (two queries on one checkpoint location). */
  | 'CHECKPOINT_CONCURRENT_WRITE'
  /** The checkpoint belongs to a query of a different shape, or a different watermark policy. */
  | 'CHECKPOINT_QUERY_MISMATCH'
  /** Files that recovery needs are missing (a gap in the logs, or purged state). */
  | 'CHECKPOINT_INCONSISTENT'
  /** An I/O error other than the above (permissions, disk full, ...). */
  | 'CHECKPOINT_IO';

/**
 * Builds a checkpoint `StreamlabError` whose `value` is `{ file, ...extra }`.
 *
 * @example
 * throw checkpointError('CHECKPOINT_CORRUPT', '/cp/offsets/3', 'offsets/3 is truncated', 'restore the file from a backup');
 */
export function checkpointError(
  code: CheckpointErrorCode,
  file: string,
  message: string,
  hint: string,
  extra: Record<string, unknown> = {},
  cause?: unknown,
): StreamlabError {
  return new StreamlabError(code, message, { value: { file, ...extra }, hint, cause, retriable: false });
}

/** Hint shared by every "this file is damaged" error. */
export const CORRUPT_HINT =
  'the checkpoint file is damaged; restore it from a backup, or start the query with a new checkpointLocation ' +
  '(StreamLab never restarts silently from scratch, because that would lose or duplicate output)';
