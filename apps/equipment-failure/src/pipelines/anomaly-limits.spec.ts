import type { Stream } from '@streamlab/core';
import { describe, expect, it } from 'vitest';
import { limitBreaches, limitScores } from './anomaly-limits.js';
import { catalog, collect, M, MILL, PUMP, T0 } from '../testing/fixtures.js';
import type { SensorStatsRow } from './sensor-stats.js';

const win = (machineId: string, sensor: SensorStatsRow['sensor'], mean: number | null): SensorStatsRow => ({
  machineId,
  sensor,
  window: { start: T0 - 4 * M, end: T0 + M },
  eventTime: T0 + M,
  samples: 30,
  present: mean === null ? 0 : 30,
  mean,
  min: mean,
  max: mean,
  std: 0.1,
});

describe('limitScores / limitBreaches (stream-static join with the catalog)', () => {
  it("scores a window on its machine's own rating: 0 at nominal, 1 at the limit", async () => {
    const q = collect((s: Stream<SensorStatsRow>) => limitScores(s, catalog.limits));
    // mill vibration: nominal 2.5, limit 7.1; pump pressure: nominal 8, limit 5.5 (fails low)
    await q.add(win(MILL, 'vibration', 4.8), win(PUMP, 'pressure', 5), win(MILL, 'vibration', null));
    await q.stop();
    expect(q.rows.map((r) => [r.machineId, r.sensor, r.nominal, r.limit])).toEqual([
      [MILL, 'vibration', 2.5, 7.1],
      [PUMP, 'pressure', 8, 5.5],
    ]);
    expect(q.rows[0]!.usage).toBeCloseTo(0.5, 12);
    expect(q.rows[1]!.usage).toBeCloseTo(1.2, 12);
  });

  it('breaches only past the rating, whichever way the sensor fails', async () => {
    const q = collect((s: Stream<SensorStatsRow>) => limitBreaches(s, catalog.limits));
    await q.add(win(MILL, 'vibration', 7), win(MILL, 'vibration', 7.2), win(PUMP, 'pressure', 6), win(PUMP, 'pressure', 5.4));
    await q.stop();
    expect(q.rows.map((r) => [r.sensor, r.mean])).toEqual([
      ['vibration', 7.2],
      ['pressure', 5.4],
    ]);
    expect(q.rows[0]!.alertId).toBe(`limit:${MILL}:vibration@${T0 + M}`);
  });
});
