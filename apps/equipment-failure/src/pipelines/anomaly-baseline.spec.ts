import type { Stream } from '@streamlab/core';
import { describe, expect, it } from 'vitest';
import type { Sensor } from '../domain/catalog.js';
import { baselineScores } from './anomaly-baseline.js';
import { collect, M, MILL, T0 } from '../testing/fixtures.js';
import type { SensorStatsRow } from './sensor-stats.js';

const win = (k: number, mean: number, over: Partial<SensorStatsRow> = {}): SensorStatsRow => ({
  machineId: MILL,
  sensor: 'vibration' as Sensor,
  window: { start: T0 + (k - 5) * M, end: T0 + k * M },
  eventTime: T0 + k * M,
  samples: 30,
  present: 30,
  mean,
  min: mean - 0.1,
  max: mean + 0.1,
  std: 0.05,
  ...over,
});

describe('baselineScores (arbitrary state: a baseline learned per machine and sensor)', () => {
  it('learns from the first windows, then scores against that level and keeps it (a slow rise is not learned away)', async () => {
    const q = collect((s: Stream<SensorStatsRow>) => baselineScores(s, { baselineWindows: 3 }));
    await q.add(win(1, 2.4), win(2, 2.6), win(3, 2.5));
    await q.add(win(4, 3), win(5, 3.5), win(6, 4));
    await q.stop();
    expect(q.rows.slice(0, 2).map((r) => r.ratio)).toEqual([null, null]); // still learning
    expect(q.rows[2]!.baseline).toBeCloseTo(2.5, 12);
    expect(q.rows.slice(3).map((r) => r.ratio)).toEqual([1.2, 1.4, 1.6].map((x) => expect.closeTo(x, 12)));
    expect(q.rows[5]!.baseline).toBeCloseTo(2.5, 12);
    expect(q.rows[5]!.z).toBeGreaterThan(10);
  });

  it('keeps machines and sensors apart', async () => {
    const q = collect((s: Stream<SensorStatsRow>) => baselineScores(s, { baselineWindows: 1 }));
    await q.add(win(1, 2), win(1, 60, { sensor: 'bearingTemp' }), win(1, 5, { machineId: 'P1-L1-M02' }));
    await q.add(win(2, 4), win(2, 66, { sensor: 'bearingTemp' }), win(2, 5, { machineId: 'P1-L1-M02' }));
    await q.stop();
    const last = q.rows.slice(3);
    expect(last.map((r) => [r.machineId, r.sensor, r.ratio])).toEqual([
      [MILL, 'vibration', 2],
      [MILL, 'bearingTemp', 1.1],
      ['P1-L1-M02', 'vibration', 1],
    ]);
    expect(last[1]!.delta).toBeCloseTo(6, 12);
  });

  it('does not learn a stuck sensor (no spread) as the level, and scores a window without values as missing', async () => {
    const q = collect((s: Stream<SensorStatsRow>) => baselineScores(s, { baselineWindows: 1 }));
    await q.add(win(1, 9, { std: 0 }));
    await q.add(win(2, 2.5), win(3, Number.NaN, { mean: null, max: null, present: 0 }));
    await q.stop();
    expect(q.rows[0]!.baseline).toBeNull();
    expect(q.rows[1]!.baseline).toBe(2.5);
    expect(q.rows[2]).toMatchObject({ present: 0, ratio: null });
  });
});
