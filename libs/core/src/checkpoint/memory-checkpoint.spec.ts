/** A directory checkpoint on the in-memory file manager: the same layout and restart as on disk, no Node needed. */
import { describe, expect, it } from 'vitest';
import { count, MemoryStream, StreamingSession, window, type BatchInfo, type Sink } from '../index.js';
import { ManualClock } from '../testing/index.js';
import { InMemoryCheckpointFileManager } from './memory-file-manager.js';

type Ev = { ts: number; k: string };
type Row = { window: { start: number; end: number }; k: string; n: number };

class RecordingSink implements Sink<Row> {
  readonly description = 'recording';
  readonly batches: { id: number; rows: Row[] }[] = [];
  addBatch(rows: readonly Row[], info: BatchInfo): void {
    this.batches.push({ id: info.batchId, rows: [...rows] });
  }
}

describe('checkpointLocation on an InMemoryCheckpointFileManager', () => {
  it('writes Spark’s layout through the port and a restarted query resumes from it', async () => {
    const fm = new InMemoryCheckpointFileManager();
    const input = new MemoryStream<Ev>('mem-cp-input');
    const sink = new RecordingSink();
    const start = () =>
      input
        .toStream()
        .withWatermark('ts', 10)
        .groupBy(window('ts', 10), 'k')
        .agg({ n: count() })
        .writeStream.outputMode('update')
        .option('checkpointLocation', '/checkpoints/q')
        .sink(sink)
        .session(new StreamingSession({ clock: new ManualClock(0), checkpointFileManager: fm }))
        .start();
    const q1 = start();
    input.addData({ ts: 1, k: 'a' }, { ts: 2, k: 'a' });
    await q1.processAllAvailable();
    await q1.stop();
    expect(fm.list('/checkpoints/q').sort()).toEqual(['commits', 'metadata', 'offsets', 'state']);
    expect(fm.open('/checkpoints/q/commits/0')).toMatch(/^v1\n/);

    const q2 = start();
    expect(q2.id).toBe(q1.id);
    input.addData({ ts: 3, k: 'a' });
    await q2.processAllAvailable();
    await q2.stop();
    expect(sink.batches.at(-1)).toEqual({ id: 1, rows: [{ window: { start: 0, end: 10 }, k: 'a', n: 3 }] });
  });
});
