import { describe, expect, it } from 'vitest';
import { makeBatchInfo, makeProgress } from './batch-info.js';
import type { BatchMessage } from './protocol.js';
import { QueryChannel } from './query-channel.js';
import { ManualScheduler } from './scheduler.js';

function setup(hz = 10) {
  const clock = new ManualScheduler(1000);
  const sent: { msg: BatchMessage; volatile: boolean }[] = [];
  const ch = new QueryChannel('demo', 'counts', (msg, volatile) => sent.push({ msg, volatile }), { maxMessagesPerSecond: hz }, clock);
  return { clock, sent, ch };
}

const upd = (batchId: number) => makeBatchInfo({ batchId, outputMode: 'update', keyFields: ['k'] });

describe('QueryChannel throttle', () => {
  it('sends the first batch at once', () => {
    const { ch, sent } = setup();
    ch.push([{ k: 'a', n: 1 }], upd(0));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.msg.rows).toEqual([{ k: 'a', n: 1 }]);
  });

  it('coalesces batches inside the interval into one message sent when it ends', () => {
    const { ch, sent, clock } = setup(10);
    ch.push([{ k: 'a', n: 1 }], upd(0));
    clock.advance(10);
    ch.push([{ k: 'a', n: 2 }], upd(1));
    clock.advance(10);
    ch.push([{ k: 'b', n: 1 }], upd(2));
    ch.push([{ k: 'a', n: 3 }], upd(3));
    expect(sent).toHaveLength(1);
    clock.advance(79);
    expect(sent).toHaveLength(1);
    clock.advance(1); // 100 ms after the first send
    expect(sent).toHaveLength(2);
    expect(sent[1]?.msg.rows).toEqual([
      { k: 'a', n: 3 },
      { k: 'b', n: 1 },
    ]);
    expect([sent[1]?.msg.firstBatchId, sent[1]?.msg.lastBatchId]).toEqual([1, 3]);
  });

  it('never sends more than the configured rate', () => {
    const { ch, sent, clock } = setup(4); // 250 ms
    for (let i = 0; i < 100; i++) {
      ch.push([{ k: 'a', n: i }], upd(i));
      clock.advance(20); // 50 batches/s for 2 s
    }
    clock.advance(250);
    expect(sent.length).toBeLessThanOrEqual(2000 / 250 + 2);
    expect(sent.at(-1)?.msg.rows).toEqual([{ k: 'a', n: 99 }]); // nothing lost: the last value arrives
  });

  it('flush() sends what is pending now and cancels the timer', () => {
    const { ch, sent, clock } = setup();
    ch.push([{ k: 'a', n: 1 }], upd(0));
    ch.push([{ k: 'a', n: 2 }], upd(1));
    ch.flush();
    expect(sent).toHaveLength(2);
    expect(clock.pendingTimers).toBe(0);
  });

  it('keeps a snapshot of the result table for late clients', () => {
    const { ch } = setup();
    ch.push(
      [
        { k: 'a', n: 1 },
        { k: 'b', n: 1 },
      ],
      upd(0),
    );
    ch.push([{ k: 'a', n: 2 }], upd(1));
    const snap = ch.snapshot();
    expect(snap.outputMode).toBe('update');
    expect(snap.keyFields).toEqual(['k']);
    expect(snap.rows).toEqual([
      { k: 'b', n: 1 },
      { k: 'a', n: 2 },
    ]);
    expect(snap.progress?.batchId).toBe(1);
  });

  it('marks volatile channels', () => {
    const clock = new ManualScheduler(0);
    const sent: boolean[] = [];
    const ch = new QueryChannel('demo', 'pos', (_m, v) => sent.push(v), { volatile: true }, clock);
    ch.push([{ id: 1 }], makeBatchInfo({ batchId: 0, outputMode: 'append' }));
    expect(sent).toEqual([true]);
  });

  it('remembers a bounded history of progress objects', () => {
    const clock = new ManualScheduler(0);
    const ch = new QueryChannel('demo', 'q', () => {}, { progressHistory: 3 }, clock);
    for (let i = 0; i < 5; i++) ch.push([], makeBatchInfo({ batchId: i, outputMode: 'append' }));
    expect(ch.recentProgress().map((p) => (p as { batchId: number }).batchId)).toEqual([2, 3, 4]);
  });

  it('fills processing rate and duration from the completed batch progress', () => {
    const { ch, sent, clock } = setup();
    ch.push([{ k: 'a' }], makeBatchInfo({ batchId: 0, outputMode: 'update', keyFields: ['k'], processedRowsPerSecond: 0 }));
    expect(sent[0]?.msg.progress.processedRowsPerSecond).toBe(0); // not known when the sink runs
    ch.recordProgress(makeProgress({ batchId: 0, outputMode: 'update', processedRowsPerSecond: 5000, durationMs: 40 }, 'counts'));
    expect(ch.lastSummary).toMatchObject({ processedRowsPerSecond: 5000, durationMs: 40 });
    expect((ch.recentProgress()[0] as { sink?: unknown }).sink).toBeDefined(); // the full object replaced the partial one
    clock.advance(100);
    ch.push([{ k: 'a' }], makeBatchInfo({ batchId: 1, outputMode: 'update', keyFields: ['k'], processedRowsPerSecond: 0 }));
    expect(sent[1]?.msg.progress).toMatchObject({ batchId: 1, processedRowsPerSecond: 5000, durationMs: 40 });
  });

  it('rejects a non-positive rate', () => {
    expect(() => new QueryChannel('demo', 'q', () => {}, { maxMessagesPerSecond: 0 })).toThrow(/maxMessagesPerSecond/);
  });
});
