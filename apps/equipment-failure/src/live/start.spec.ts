import { describe, expect, it } from 'vitest';
import { LIVE_DEFAULTS, simulationOptions, topics } from './start.js';

describe('live options', () => {
  it('declares the readings topic with dead letters, work orders and maintenance under equipment.*', () => {
    expect(topics()).toEqual([
      { topic: 'equipment.readings', partitions: 2, deadLetters: true },
      { topic: 'equipment.work-orders' },
      { topic: 'equipment.maintenance' },
    ]);
  });

  it("honours the hub's --speed and --rate: the rate sets the sample period of the fixed plant floor", () => {
    expect(simulationOptions({}, 20)).toEqual({ speed: LIVE_DEFAULTS.speed, samplePeriodMs: LIVE_DEFAULTS.samplePeriodMs });
    expect(simulationOptions({ speed: 60 }, 20)).toEqual({ speed: 60, samplePeriodMs: 5_000 });
    // 20 machines at 30x sending 600 records per wall second: one record per machine per simulated second
    expect(simulationOptions({ rate: 600 }, 20)).toEqual({ speed: 30, samplePeriodMs: 1_000 });
    expect(simulationOptions({ rate: 1e9 }, 20).samplePeriodMs).toBe(100);
  });
});
