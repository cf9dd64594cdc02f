/** The runner on a checkpoint directory: resume after a stop, replay after a failed batch. */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import '../node/register.js';
import { afterEach, describe, expect, it } from 'vitest';
import { count, MemoryStream, StreamingSession, window, type BatchInfo, type Logger, type Sink } from '../index.js';
import { ManualClock } from '../testing/index.js';

const silent = pino({ level: 'silent' }) as unknown as Logger;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

type Ev = { ts: number; k: string };
type Row = { window: { start: number; end: number }; k: string; n: number };

class RecordingSink implements Sink<Row> {
  readonly description = 'recording';
  readonly batches: { id: number; rows: Row[] }[] = [];
  failOnBatch: number | undefined;
  addBatch(rows: readonly Row[], info: BatchInfo): void {
    if (info.batchId === this.failOnBatch) {
      this.failOnBatch = undefined;
      throw new Error(`sink down at batch ${info.batchId}`);
    }
    this.batches.push({ id: info.batchId, rows: [...rows] });
  }
}

function start(dir: string, input: MemoryStream<Ev>, sink: RecordingSink) {
  const session = new StreamingSession({ clock: new ManualClock(0), logger: silent });
  return input
    .toStream()
    .withWatermark('ts', 10)
    .groupBy(window('ts', 10), 'k')
    .agg({ n: count() })
    .writeStream.outputMode('update')
    .option('checkpointLocation', dir)
    .sink(sink)
    .session(session)
    .start();
}

describe('file checkpoint', () => {
  it('a restarted query keeps its id, offsets, watermark and state', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'streamlab-cp-'));
    dirs.push(dir);
    const input = new MemoryStream<Ev>('cp-input');
    const sink = new RecordingSink();
    const q1 = start(dir, input, sink);
    input.addData({ ts: 1, k: 'a' }, { ts: 2, k: 'a' });
    await q1.processAllAvailable();
    await q1.stop();
    expect(readdirSync(dir).sort()).toEqual(['commits', 'metadata', 'offsets', 'state']);

    const q2 = start(dir, input, sink);
    expect(q2.id).toBe(q1.id);
    input.addData({ ts: 3, k: 'a' });
    await q2.processAllAvailable();
    await q2.stop();
    expect(sink.batches.at(-1)).toEqual({ id: 1, rows: [{ window: { start: 0, end: 10 }, k: 'a', n: 3 }] });
    expect(q2.recentProgress[0]?.sources[0]?.startOffset).toBe(2);
  });

  it('a batch that failed after its offsets were logged is replayed with the same offsets', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'streamlab-cp-'));
    dirs.push(dir);
    const input = new MemoryStream<Ev>('cp-replay');
    const sink = new RecordingSink();
    const q1 = start(dir, input, sink);
    input.addData({ ts: 1, k: 'a' });
    await q1.processAllAvailable();
    sink.failOnBatch = 1;
    input.addData({ ts: 2, k: 'a' });
    await expect(q1.processAllAvailable()).rejects.toThrow(/sink down at batch 1/);
    input.addData({ ts: 3, k: 'b' }); // arrives while the query is down

    const q2 = start(dir, input, sink);
    await q2.processAllAvailable();
    await q2.stop();
    expect(sink.batches.map((b) => b.id)).toEqual([0, 1, 2]);
    expect(sink.batches[1]!.rows).toEqual([{ window: { start: 0, end: 10 }, k: 'a', n: 2 }]); // only the recorded range
    expect(q2.recentProgress[0]).toMatchObject({ batchId: 1, numInputRows: 1 });
    expect(sink.batches[2]!.rows).toEqual([{ window: { start: 0, end: 10 }, k: 'b', n: 1 }]);
  });
});
