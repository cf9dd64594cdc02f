import { describe, expect, it } from 'vitest';
import { makeBatchInfo } from './batch-info.js';
import { Coalescer } from './coalescer.js';

describe('Coalescer', () => {
  it('update: the latest row per key wins across coalesced batches', () => {
    const c = new Coalescer(100);
    c.add(
      [
        { k: 'a', n: 1 },
        { k: 'b', n: 1 },
      ],
      makeBatchInfo({ batchId: 3, outputMode: 'update', keyFields: ['k'], numInputRows: 2 }),
    );
    c.add([{ k: 'a', n: 2 }], makeBatchInfo({ batchId: 4, outputMode: 'update', keyFields: ['k'], numInputRows: 1, lateRows: 1 }));
    const msg = c.take('q', 42);
    expect(msg?.rows).toEqual([
      { k: 'a', n: 2 },
      { k: 'b', n: 1 },
    ]);
    expect(msg?.firstBatchId).toBe(3);
    expect(msg?.lastBatchId).toBe(4);
    expect(msg?.progress.numInputRows).toBe(3);
    expect(msg?.progress.lateRows).toBe(1);
    expect(msg?.sentAtMs).toBe(42);
    expect(c.pending).toBe(false);
    expect(c.take('q', 43)).toBeNull();
  });

  it('update: a key removed then re-added is an update, one removed stays removed', () => {
    const c = new Coalescer(100);
    c.add([], { ...makeBatchInfo({ batchId: 0, outputMode: 'update', keyFields: ['k'] }), removed: [{ k: 'a' }, { k: 'b' }] });
    c.add([{ k: 'a', n: 3 }], makeBatchInfo({ batchId: 1, outputMode: 'update', keyFields: ['k'] }));
    const msg = c.take('q', 0);
    expect(msg?.rows).toEqual([{ k: 'a', n: 3 }]);
    expect(msg?.removed).toEqual([{ k: 'b' }]);
  });

  it('complete: the latest table replaces earlier ones', () => {
    const c = new Coalescer(100);
    c.add([{ k: 'a', n: 1 }], makeBatchInfo({ batchId: 0, outputMode: 'complete', keyFields: ['k'] }));
    c.add(
      [
        { k: 'a', n: 2 },
        { k: 'b', n: 1 },
      ],
      makeBatchInfo({ batchId: 1, outputMode: 'complete', keyFields: ['k'] }),
    );
    expect(c.take('q', 0)?.rows).toEqual([
      { k: 'a', n: 2 },
      { k: 'b', n: 1 },
    ]);
  });

  it('append: keeps every row in order, cutting the oldest beyond the cap and counting them', () => {
    const c = new Coalescer(3);
    c.add([{ i: 1 }, { i: 2 }], makeBatchInfo({ batchId: 0, outputMode: 'append' }));
    c.add([{ i: 3 }, { i: 4 }, { i: 5 }], makeBatchInfo({ batchId: 1, outputMode: 'append' }));
    const msg = c.take('q', 0);
    expect(msg?.rows).toEqual([{ i: 3 }, { i: 4 }, { i: 5 }]);
    expect(msg?.truncatedRows).toBe(2);
  });

  it('carries the last batch progress: watermark, max event time, rates, state rows', () => {
    const c = new Coalescer(10);
    c.add(
      [],
      makeBatchInfo({
        batchId: 0,
        outputMode: 'append',
        watermarkMs: 5000,
        maxEventTimeMs: 9000,
        inputRowsPerSecond: 100,
        processedRowsPerSecond: 250,
        stateRows: 7,
        durationMs: 12,
      }),
    );
    const p = c.take('q', 0)?.progress;
    expect(p).toMatchObject({
      batchId: 0,
      watermarkMs: 5000,
      maxEventTimeMs: 9000,
      inputRowsPerSecond: 100,
      processedRowsPerSecond: 250,
      stateRows: 7,
      durationMs: 12,
    });
  });

  it('update: caps a message at maxRowsPerMessage, keeping the most recently changed keys', () => {
    const c = new Coalescer(2);
    c.add([{ k: 'a' }, { k: 'b' }, { k: 'c' }], makeBatchInfo({ batchId: 0, outputMode: 'update', keyFields: ['k'] }));
    const msg = c.take('q', 0);
    expect(msg?.rows).toEqual([{ k: 'b' }, { k: 'c' }]);
    expect(msg?.truncatedRows).toBe(1);
  });
});
