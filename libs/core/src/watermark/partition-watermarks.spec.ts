import { describe, expect, it } from 'vitest';
import { PartitionWatermarks } from './partition-watermarks.js';
import { WatermarkTracker } from './tracker.js';

const stats = (maxMs: number) => ({ minMs: maxMs, maxMs, sumMs: maxMs, count: 1 });

describe('PartitionWatermarks (extension)', () => {
  it('is the min over partitions of their max event time minus the delay; partitions without rows take no part', () => {
    const p = new PartitionWatermarks();
    expect(p.candidate(0, 5_000, undefined, 0)).toBeUndefined();
    p.observe(0, { 'tx-0': 60_000 }, 0);
    expect(p.candidate(0, 5_000, undefined, 0)).toBe(55_000);
    p.observe(0, { 'tx-1': 10_000, 'tx-0': 50_000 }, 0); // tx-0 does not go back
    expect(p.candidate(0, 5_000, undefined, 0)).toBe(5_000);
    expect(p.toState()).toEqual({ '0': { 'tx-0': 60_000, 'tx-1': 10_000 } });
  });

  it('leaves a partition silent for idleTimeout out while another has rows', () => {
    const p = new PartitionWatermarks();
    p.observe(0, { a: 100_000, b: 10_000 }, 0);
    p.observe(0, { a: 120_000 }, 59_999);
    expect(p.candidate(0, 0, 60_000, 59_999)).toBe(10_000);
    p.observe(0, { a: 130_000 }, 60_000);
    expect(p.candidate(0, 0, 60_000, 60_000)).toBe(130_000);
  });

  it('restores maxima and restarts idle clocks', () => {
    const p = new PartitionWatermarks();
    p.restore({ '0': { a: 100_000, b: 10_000 } });
    expect(p.candidate(0, 0, 60_000, 1_000_000)).toBe(10_000); // not idle: its clock starts now
    expect(p.candidate(0, 0, 60_000, 1_060_000)).toBeUndefined(); // both silent since: the input is idle
  });
});

describe('WatermarkTracker with per-partition inputs', () => {
  it('uses the per-partition candidate, never moves back, and keeps the maxima in its state', () => {
    const t = new WatermarkTracker([10_000]);
    t.setPerPartition([true]);
    t.observePartitions(0, { a: 100_000, b: 30_000 }, 0);
    t.update([stats(100_000)], 0);
    expect(t.watermarkMs).toBe(20_000); // not 90 s: partition b holds it
    t.observePartitions(0, { c: 15_000 }, 1); // a new partition behind: the watermark stays
    t.update([stats(15_000)], 1);
    expect(t.watermarkMs).toBe(20_000);
    expect(t.toState()).toEqual({ policy: 'min', inputsMs: [20_000], watermarkMs: 20_000, partitionsMs: { '0': { a: 100_000, b: 30_000, c: 15_000 } } });
    const restored = new WatermarkTracker([10_000]);
    restored.setPerPartition([true]);
    restored.restore(t.toState());
    restored.observePartitions(0, { a: 200_000 }, 2);
    restored.update([stats(200_000)], 2);
    expect(restored.watermarkMs).toBe(20_000); // c (15 s) still holds it after the restore
  });
});
