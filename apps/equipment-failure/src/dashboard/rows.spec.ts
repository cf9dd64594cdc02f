import { describe, expect, it } from 'vitest';
import type { DowntimeRow } from '../pipelines/downtime.js';
import type { SensorHealth } from '../pipelines/sensor-health.js';
import { latestSensorHealth, latestStoppages, rulText } from './rows.js';

const stop = (machineId: string, start: number, end: number, downMs: number): DowntimeRow => ({
  machineId,
  lineId: machineId.slice(0, 5),
  session_window: { start, end },
  start,
  records: Math.round(downMs / 1000),
  downMs,
});

describe('latestStoppages', () => {
  it('shows a stoppage once however often update mode resent it as it grew, and keeps separate stoppages', () => {
    const rows = [
      stop('P1-L2-M01', 0, 130_000, 11_000),
      stop('P1-L2-M01', 0, 150_000, 32_000),
      stop('P1-L2-M01', 0, 290_000, 172_000),
      stop('P1-L2-M01', 3_600_000, 3_700_000, 20_000),
      stop('P2-L1-M03', 10_000, 140_000, 15_000),
    ];
    const shown = latestStoppages(rows);
    expect(shown.map((s) => [s.machineId, s.session_window.start, s.downMs])).toEqual([
      ['P1-L2-M01', 3_600_000, 20_000],
      ['P2-L1-M03', 10_000, 15_000],
      ['P1-L2-M01', 0, 172_000],
    ]);
    expect(latestStoppages(rows, 1)).toHaveLength(1);
  });

  it('keeps the merged session, not the pieces it absorbed', () => {
    const shown = latestStoppages([stop('M', 0, 120_000, 10_000), stop('M', 200_000, 320_000, 10_000), stop('M', 0, 320_000, 40_000)]);
    expect(shown.map((s) => s.downMs)).toEqual([40_000]);
  });
});

describe('latestSensorHealth', () => {
  const h = (machineId: string, sensor: SensorHealth['sensor'], status: SensorHealth['status'], at: number): SensorHealth => ({
    machineId,
    sensor,
    status,
    since: at,
    eventTime: at,
  });

  it("shows each sensor's latest status once, faulty sensors first", () => {
    const rows = [
      h('P1-L2-M05', 'bearingTemp', 'stuck', 1),
      h('P1-L2-M05', 'bearingTemp', 'ok', 2),
      h('P1-L2-M05', 'bearingTemp', 'stuck', 3),
      h('P2-L1-M01', 'vibration', 'drift', 2),
      h('P2-L1-M02', 'pressure', 'stuck', 1),
      h('P2-L1-M02', 'pressure', 'ok', 4),
    ];
    expect(latestSensorHealth(rows).map((s) => `${s.machineId}/${s.sensor}=${s.status}`)).toEqual([
      'P1-L2-M05/bearingTemp=stuck',
      'P2-L1-M01/vibration=drift',
      'P2-L1-M02/pressure=ok',
    ]);
  });
});

describe('rulText', () => {
  it('says > horizon, minutes or seconds, and never "0 ms" at the threshold', () => {
    expect([null, 0, -5_000, 42_000, 125_400, 2_760_000].map(rulText)).toEqual([
      'RUL > horizon',
      'RUL 0: at threshold',
      'RUL 0: at threshold',
      'RUL 42 s',
      'RUL 2.1 min',
      'RUL 46 min',
    ]);
  });
});
