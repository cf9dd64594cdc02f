import type { Stream } from '@streamlab/core';
import { describe, expect, it } from 'vitest';
import type { BaselineScore } from './anomaly-baseline.js';
import { collect, MILL, T0 } from '../testing/fixtures.js';
import { millWindow } from '../testing/scores.js';
import { DRIFT_WINDOWS, sensorHealth, windowStatus } from './sensor-health.js';

const temp = (rows: BaselineScore[]) => rows.find((r) => r.sensor === 'bearingTemp')!;

describe('windowStatus', () => {
  it('tells stuck, dropout and spikes from a healthy window', () => {
    const [w] = millWindow(1);
    expect(windowStatus(w!)).toBe('ok');
    expect(windowStatus({ ...w!, std: 0 })).toBe('stuck');
    expect(windowStatus({ ...w!, present: 5 })).toBe('dropout');
    expect(windowStatus({ ...w!, max: w!.mean * 3 })).toBe('spikes');
    // a high mean is a deviation, not spikes
    expect(windowStatus({ ...w!, ratio: 1.5, max: w!.mean * 3 })).toBe('ok');
  });
});

describe('sensorHealth (arbitrary state per machine, across its sensors)', () => {
  it('calls a lone, lasting deviation a drift, and reports a status once, when it changes', async () => {
    const q = collect((s: Stream<BaselineScore>) => sensorHealth(s));
    for (let k = 0; k < DRIFT_WINDOWS + 3; k++) await q.add(...millWindow(k, { bearingTemp: 1.2 }));
    await q.add(...millWindow(20));
    await q.stop();
    expect(q.rows.map((r) => [r.sensor, r.status, r.since - T0])).toEqual([
      ['bearingTemp', 'drift', (DRIFT_WINDOWS - 1) * 60_000],
      ['bearingTemp', 'ok', 20 * 60_000],
    ]);
    expect(q.rows[0]!.machineId).toBe(MILL);
  });

  it('does not call a degradation a drift when a coupled sensor corroborates it', async () => {
    const q = collect((s: Stream<BaselineScore>) => sensorHealth(s));
    // cooling failure: temperature up, power up with it
    for (let k = 0; k < DRIFT_WINDOWS + 3; k++) await q.add(...millWindow(k, { bearingTemp: 1.2, power: 1.04 }));
    await q.stop();
    expect(q.rows).toEqual([]);
  });

  it('reports a stuck sensor at once', async () => {
    const q = collect((s: Stream<BaselineScore>) => sensorHealth(s));
    const rows = millWindow(3);
    temp(rows).std = 0;
    await q.add(...rows);
    await q.stop();
    expect(q.rows.map((r) => [r.sensor, r.status])).toEqual([['bearingTemp', 'stuck']]);
  });
});
