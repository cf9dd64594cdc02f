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

  it("combines inputs with min (default) or max; an input without data counts as 0 (Spark's WatermarkTracker)", () => {
    const min = new WatermarkTracker([10, 10], 'min');
    min.update([stats(100), undefined]);
    expect(min.watermarkMs).toBe(0); // the second input has had no data: min(90, 0)
    min.update([undefined, stats(50)]);
    expect(min.watermarkMs).toBe(40);
    min.update([stats(200), stats(150)]);
    expect(min.watermarkMs).toBe(140);
    expect(min.inputWatermarksMs()).toEqual([190, 140]);
    min.update([undefined, stats(60)]);
    expect(min.watermarkMs).toBe(140); // never moves back
    const max = new WatermarkTracker([10, 10], 'max');
    max.update([stats(100), undefined]);
    expect(max.watermarkMs).toBe(90); // max(90, 0)
    max.update([stats(100), stats(50)]);
    expect(max.watermarkMs).toBe(90);
  });

  it('round-trips its state', () => {
    const t = new WatermarkTracker([5, 7]);
    t.update([stats(100), undefined]);
    const u = new WatermarkTracker([5, 7]);
    u.restore(t.toState());
    expect(u.toState()).toEqual({ policy: 'min', inputsMs: [95, null], watermarkMs: 0 });
    u.update([undefined, stats(100)]);
    expect(u.watermarkMs).toBe(93);
  });

  describe('idle inputs (extension)', () => {
    it('is off by default: processing time alone never moves the watermark', () => {
      const t = new WatermarkTracker([10]);
      t.update([stats(100)], 0);
      expect(t.hasIdleTimeouts).toBe(false);
      expect(t.advanceIdle(1_000_000)).toBe(false);
      expect(t.watermarkMs).toBe(90);
    });

    it('a single idle input moves on with processing time from the moment it went idle', () => {
      const t = new WatermarkTracker([10]);
      t.setIdleTimeouts([60]);
      t.update([stats(100)], 1000); // watermark 90, last row at 1000
      expect(t.advanceIdle(1059)).toBe(false); // silent 59 < 60
      expect(t.advanceIdle(1060)).toBe(false); // idle from now: 90 + 0
      expect(t.advanceIdle(1100)).toBe(true);
      expect(t.watermarkMs).toBe(130);
      expect(t.inputWatermarksMs()).toEqual([130]);
      t.update([stats(120)], 1200); // a row behind the advanced watermark does not move it back
      expect(t.watermarkMs).toBe(130);
      expect(t.advanceIdle(1259)).toBe(false); // active again: its idle clock restarted at 1200
      expect(t.advanceIdle(1300)).toBe(true);
      expect(t.watermarkMs).toBe(170);
    });

    it('min policy: an idle input is left out while another input has rows', () => {
      const t = new WatermarkTracker([10, 10], 'min');
      t.setIdleTimeouts([undefined, 60]);
      t.update([stats(20), stats(20)], 0);
      t.update([stats(500), undefined], 30);
      expect(t.watermarkMs).toBe(10); // input 1 (at 10) holds it back
      expect(t.advanceIdle(60)).toBe(true); // input 1 idle: only input 0 counts
      expect(t.watermarkMs).toBe(490);
      t.update([stats(600), stats(30)], 70); // input 1 is back, far behind: the watermark stays
      expect(t.watermarkMs).toBe(490);
      expect(t.inputWatermarksMs()).toEqual([590, 20]);
    });

    it('an input without an idle timeout is never idle; inputs without rows take no part', () => {
      const t = new WatermarkTracker([10, 10], 'min');
      t.setIdleTimeouts([60, undefined]);
      t.update([stats(100), stats(50)], 0);
      expect(t.advanceIdle(10_000)).toBe(false); // input 1 never idles: min(.., 40) holds
      expect(t.watermarkMs).toBe(40);
      const u = new WatermarkTracker([10, 10], 'min');
      u.setIdleTimeouts([60, 60]);
      expect(u.advanceIdle(10_000)).toBe(false);
      expect(u.toState().inputsMs).toEqual([null, null]);
    });

    it('a restore restarts the idle clocks (downtime is not silence)', () => {
      const t = new WatermarkTracker([10]);
      t.setIdleTimeouts([60]);
      t.update([stats(100)], 0);
      const u = new WatermarkTracker([10]);
      u.setIdleTimeouts([60]);
      u.restore(t.toState());
      u.restartIdleClocks(5000);
      expect(u.advanceIdle(5059)).toBe(false);
      expect(u.watermarkMs).toBe(90);
      expect(u.advanceIdle(5070)).toBe(true);
      expect(u.watermarkMs).toBe(100);
    });
  });
});
