import { describe, expect, it } from 'vitest';
import { WatermarkTracker } from './tracker.js';

const stats = (maxMs: number) => ({ minMs: maxMs, maxMs, sumMs: maxMs, count: 1 });

describe('WatermarkTracker', () => {
  it('is max(previous, max event time - delay), starts at 0 and never moves back', () => {
    const t = new WatermarkTracker([10]);
    expect(t.watermarkMs).toBe(0);
    expect(t.update([stats(25)])).toBe(true);
    expect(t.watermarkMs).toBe(15);
    expect(t.update([stats(20)])).toBe(false);
    expect(t.watermarkMs).toBe(15);
    expect(t.update([undefined])).toBe(false);
  });

  it('combines inputs with min (default) or max; inputs without data do not take part', () => {
    const min = new WatermarkTracker([10, 10], 'min');
    min.update([stats(100), undefined]);
    expect(min.watermarkMs).toBe(90);
    min.update([undefined, stats(50)]);
    expect(min.watermarkMs).toBe(90); // min(90, 40) = 40 would move it back: it stays
    min.update([stats(200), stats(150)]);
    expect(min.watermarkMs).toBe(140);
    expect(min.inputWatermarksMs()).toEqual([190, 140]);
    const max = new WatermarkTracker([10, 10], 'max');
    max.update([stats(100), stats(50)]);
    expect(max.watermarkMs).toBe(90);
  });

  it('round-trips its state', () => {
    const t = new WatermarkTracker([5, 7]);
    t.update([stats(100), undefined]);
    const u = new WatermarkTracker([5, 7]);
    u.restore(t.toState());
    expect(u.toState()).toEqual({ policy: 'min', inputsMs: [95, null], watermarkMs: 95 });
  });
});
