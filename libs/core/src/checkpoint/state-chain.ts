/**
 * Which state files rebuild a version (pure; Spark's HDFSBackedStateStoreProvider rule): version
 * `v` is snapshot `v` if it exists, else version `v - 1` plus delta `v`; version 0 is empty.
 * So a load reads the newest snapshot at or below `v` and the deltas after it, and every delta
 * on that path must exist.
 */
import { checkpointError } from './checkpoint-error.js';

/** The versions of one operator's state files on disk. */
export interface StateFileListing {
  snapshots: readonly number[];
  deltas: readonly number[];
}

/** How to rebuild one version: start from `snapshot` (0 = empty), apply `deltas` in order. */
export interface StateChain {
  snapshot: number;
  deltas: number[];
}

/**
 * The files that rebuild `version`, or a CHECKPOINT_INCONSISTENT error naming the missing delta.
 *
 * @example
 * stateChain({ snapshots: [10], deltas: [9, 10, 11, 12] }, 12, 'state/0'); // { snapshot: 10, deltas: [11, 12] }
 */
export function stateChain(listing: StateFileListing, version: number, dir: string): StateChain {
  const snapshots = new Set(listing.snapshots);
  const deltas = new Set(listing.deltas);
  const chain: number[] = [];
  let v = version;
  while (v > 0 && !snapshots.has(v)) {
    if (!deltas.has(v)) {
      throw checkpointError(
        'CHECKPOINT_INCONSISTENT',
        `${dir}/${v}.delta`,
        `state version ${version} of ${dir} cannot be rebuilt: ${dir}/${v}.delta is missing and there is no snapshot at or after version ${v} to start from`,
        'state files were deleted or not copied; restore the checkpoint directory, or use a new checkpointLocation',
        { version, missingVersion: v },
      );
    }
    chain.push(v);
    v -= 1;
  }
  return { snapshot: v, deltas: chain.reverse() };
}

/**
 * The oldest version whose files must be kept so that every version in
 * `[latest - retain + 1, latest]` can still be rebuilt: the base snapshot of the oldest of them.
 * Files of versions below it can be deleted.
 *
 * @example
 * minVersionToKeep({ snapshots: [10, 20], deltas: [...] }, 25, 10); // 10 (version 16 needs snapshot 10)
 */
export function minVersionToKeep(listing: StateFileListing, latest: number, retain: number): number {
  const oldest = Math.max(0, latest - retain + 1);
  let base = 0;
  for (const s of listing.snapshots) if (s <= oldest && s > base) base = s;
  return base;
}
