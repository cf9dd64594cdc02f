/** A query whose checkpoint lives elsewhere (`.externalCheckpoint`): resumed from its point, written around every batch. */
import { describe, expect, it } from 'vitest';
import { count, MemoryStream, StreamingSession, StreamlabError, window, type StateSnapshot } from '../index.js';
import type { ExternalCheckpoint } from './query-checkpoint.js';
import { memoryInitialOffsets } from './source-initial-offsets.js';
import { ManualClock } from '../testing/index.js';

type Ev = { ts: number; key: string };

function recording(point: { nextBatchId: number; watermarkMs: number; state?: StateSnapshot }) {
  const calls: string[] = [];
  const saved: StateSnapshot[] = [];
  const cp: ExternalCheckpoint = {
    queryId: 'task-7',
    resumePoint: (policy, sources) => ({
      nextBatchId: point.nextBatchId,
      committed: Array.from({ length: sources }, () => null),
      watermark: { policy, inputsMs: [point.watermarkMs], watermarkMs: point.watermarkMs },
      previousBatchWatermarkMs: point.watermarkMs,
      operatorState: (id) => (id === 0 ? point.state : undefined),
    }),
    initialOffsets: () => memoryInitialOffsets({}),
    beforeBatch: async (batchId, entry) => void calls.push(`before ${batchId} wm ${entry.batchWatermarkMs}`),
    afterBatch: async (batchId, operators, next) => {
      calls.push(`after ${batchId} next wm ${next.watermarkMs}`);
      for (const op of operators) saved.push({ operatorId: op.operatorId, version: batchId + 1, ...op.snapshot() } as StateSnapshot);
    },
  };
  return { cp, calls, saved };
}

function query(input: MemoryStream<Ev>, session: StreamingSession) {
  return input
    .toStream()
    .withWatermark('ts', 1_000)
    .groupBy(window('ts', 10_000), 'key')
    .agg({ n: count() })
    .writeStream.session(session)
    .format('memory')
    .queryName('ext')
    .outputMode('append');
}

describe('external checkpoint', () => {
  it('resumes at its batch id, watermark and state, and is written around every batch', async () => {
    const session = new StreamingSession({ clock: new ManualClock(0) });
    // A first run records its state through the external checkpoint...
    const first = recording({ nextBatchId: 0, watermarkMs: 0 });
    const input = new MemoryStream<Ev>();
    const q1 = query(input, session).externalCheckpoint(first.cp).start();
    expect(q1.id).toBe('task-7');
    input.addData([
      { ts: 1_000, key: 'a' },
      { ts: 2_000, key: 'a' },
    ]);
    await q1.processAllAvailable();
    await q1.stop();
    expect(first.calls[0]).toBe('before 0 wm 0');
    expect(first.calls[1]).toBe('after 0 next wm 1000');
    // ...a second one starts from it: batch 1, the window still counts 2 and closes with later data.
    const second = recording({ nextBatchId: 1, watermarkMs: 1_000, state: first.saved.at(-1)! });
    const input2 = new MemoryStream<Ev>();
    const q2 = query(input2, session).externalCheckpoint(second.cp).start();
    input2.addData([{ ts: 25_000, key: 'b' }]);
    await q2.processAllAvailable();
    await q2.stop();
    expect(second.calls[0]).toBe('before 1 wm 1000');
    expect(session.table('ext')).toEqual([{ window: { start: 0, end: 10_000 }, key: 'a', n: 2 }]);
  });

  it('refuses a checkpointLocation beside it', () => {
    const session = new StreamingSession({ clock: new ManualClock(0) });
    const { cp } = recording({ nextBatchId: 0, watermarkMs: 0 });
    const w = query(new MemoryStream<Ev>(), session).option('checkpointLocation', 'memory:x').externalCheckpoint(cp);
    expect(() => w.start()).toThrow(StreamlabError);
    expect(() => w.start()).toThrow(/both a checkpointLocation and an external checkpoint/);
  });
});
