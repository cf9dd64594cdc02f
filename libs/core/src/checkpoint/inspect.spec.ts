import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileCheckpoint } from './checkpoint.js';
import { inspectCheckpoint } from './inspect.js';
import { shapeOf } from './query-shape.js';
import { useTempDirs } from '../node/test-dir.js';

const tempDir = useTempDirs();
const SHAPE = shapeOf(['source 0: rows', 'stateful 0: Deduplicate [id]']);
const offsets = (n: number) => ({ batchWatermarkMs: 0, batchTimestampMs: n, inputWatermarksMs: [], sources: [{ description: 'rows', offset: n }] });
const op = { operatorId: 0, snapshot: () => ({ entries: [['id-1', true]] }), stateChanges: () => ({ updated: [['id-1', true] as const], removed: [] }) };

describe('inspectCheckpoint', () => {
  it('summarises an empty directory as a fresh start', () => {
    const s = inspectCheckpoint(tempDir());
    expect(s.metadata).toBeUndefined();
    expect(s.restart).toEqual({ plan: expect.objectContaining({ kind: 'fresh', nextBatchId: 0 }) });
  });

  it('shows the batches, the state files and that the last batch will be replayed', async () => {
    const dir = tempDir();
    const cp = FileCheckpoint.open(dir, { shape: SHAPE, newQueryId: () => 'q-7' });
    cp.recover();
    for (let b = 0; b < 2; b++) {
      await cp.writeOffsets(b, offsets(b));
      await cp.commitBatch(b, [op], { watermarkMs: 0, inputsMs: [] });
    }
    await cp.writeOffsets(2, offsets(2));
    const s = inspectCheckpoint(dir);
    expect(s.metadata?.id).toBe('q-7');
    expect(s.offsetBatchIds).toEqual([0, 1, 2]);
    expect(s.commitBatchIds).toEqual([0, 1]);
    expect(s.state).toEqual([{ operatorId: 0, files: { snapshots: [], deltas: [1, 2] } }]);
    expect(s.restart).toEqual({ plan: expect.objectContaining({ kind: 'replay', nextBatchId: 2, lastCommittedBatchId: 1 }) });
  });

  it('reports a damaged checkpoint with the file instead of throwing', async () => {
    const dir = tempDir();
    const cp = FileCheckpoint.open(dir, { shape: SHAPE });
    cp.recover();
    await cp.writeOffsets(0, offsets(0));
    writeFileSync(join(dir, 'offsets', '0'), 'v1\n{"batchWat');
    const s = inspectCheckpoint(dir);
    expect(s.restart).toEqual({ error: { code: 'CHECKPOINT_CORRUPT', message: expect.stringContaining('truncated'), file: join(dir, 'offsets', '0') } });
  });
});
