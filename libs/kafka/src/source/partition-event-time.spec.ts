import { describe, expect, it } from 'vitest';
import { PartitionEventTimes } from './partition-event-time.js';

describe('PartitionEventTimes', () => {
  it('keeps the highest event time per partition and holds the watermark at the slowest one', () => {
    const t = new PartitionEventTimes();
    expect(t.watermark(1000)).toBeUndefined();
    t.observe('tx', 0, 50_000);
    t.observe('tx', 0, 40_000);
    t.observe('tx', 1, 12_000);
    t.observe('tx', 1, Number.NaN);
    expect(t.snapshot()).toEqual({ 'tx-0': 50_000, 'tx-1': 12_000 });
    expect(t.watermark(2000)).toBe(10_000);
    t.observe('tx', 1, 70_000);
    expect(t.watermark(2000)).toBe(48_000);
    expect(t.metrics()).toEqual({ minPartitionEventTimeMs: 50_000, maxPartitionEventTimeMs: 70_000, partitionEventTimeSkewMs: 20_000 });
  });

  it('reports the current batch only in batchSnapshot (what the engine folds in per batch)', () => {
    const t = new PartitionEventTimes();
    t.observe('tx', 0, 50_000);
    t.observe('tx', 1, 12_000);
    expect(t.batchSnapshot()).toEqual({ 'tx-0': 50_000, 'tx-1': 12_000 });
    t.startBatch();
    t.observe('tx', 1, 11_000);
    expect(t.batchSnapshot()).toEqual({ 'tx-1': 11_000 });
    expect(t.snapshot()).toEqual({ 'tx-0': 50_000, 'tx-1': 12_000 });
  });
});
