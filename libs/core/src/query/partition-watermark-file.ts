/**
 * Per-partition watermarks (extension) in a checkpoint directory: `partition-watermarks` holds the
 * highest event time per partition of each per-partition input, rewritten after every batch before
 * `commits/N`. Maxima only grow, so a replay of a batch whose rows are already in the file folds
 * them in again with no change; the watermark a batch runs with is still the one in `offsets/N`.
 */
import type { CheckpointFileManager } from '../checkpoint/file-manager.js';
import { joinPath as join } from '../checkpoint/paths.js';
import { decodeDocument, encodeDocument } from '../checkpoint/log-format.js';
import type { PartitionEventTimesState } from '../watermark/partition-watermarks.js';

const FILE = 'partition-watermarks';

/**
 * @example
 * await writePartitionWatermarks(fileManager, '/cp', { '0': { 'tx-0': 60_000 } });
 */
export function writePartitionWatermarks(fm: CheckpointFileManager, dir: string, state: PartitionEventTimesState): Promise<void> {
  return fm.createAtomic(join(dir, FILE), encodeDocument({ inputs: state }), { overwrite: true });
}

/**
 * @example
 * readPartitionWatermarks(fileManager, '/cp'); // { '0': { 'tx-0': 60_000 } } or undefined
 */
export function readPartitionWatermarks(fm: CheckpointFileManager, dir: string): PartitionEventTimesState | undefined {
  const path = join(dir, FILE);
  const text = fm.open(path);
  return text === undefined ? undefined : (decodeDocument(path, text) as { inputs: PartitionEventTimesState }).inputs;
}
