import { Simulation } from '@streamlab/datagen';
import { describe, expect, it } from 'vitest';
import type { Reading } from '../domain/reading.js';
import { shiftOf } from '../domain/shifts.js';
import { REPAIR_MS } from './machine.js';
import { equipmentSimulator, recordsPerSecond } from './model.js';

const START = Date.parse('2026-01-05T06:00:00Z');
const H = 3_600_000;
const never = { at: [] };
const quiet = {
  degradations: { 'bearing-wear': never, 'cooling-failure': never, 'seal-leak': never, 'electrical-fault': never, 'sudden-failure': never },
  sensorFaults: { 'sensor-stuck': never, 'sensor-drift': never, 'sensor-dropout': never, 'sensor-spikes': never },
  gatewayOutages: never,
};
const catalog = { plants: 1, linesPerPlant: 2, machinesPerLine: 5 };

function run(options: Parameters<typeof equipmentSimulator>[0], hours: number, seed = 7) {
  const { model, catalog: c } = equipmentSimulator({ catalog, ...quiet, ...options });
  const sim = new Simulation(model, { seed, ratePerSec: recordsPerSecond(c, 10_000), durationMs: hours * H, startMs: START });
  const envs = [];
  while (!sim.done) envs.push(...sim.nextBatch(10_000));
  return { envs, incidents: sim.takeIncidents(), records: envs.map((e) => e.record) };
}
const of = (rows: Reading[], machineId: string) => rows.filter((r) => r.machineId === machineId);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('equipment simulator', () => {
  it('is seeded: the same seed gives the same records', () => {
    expect(run({}, 0.2, 3).records).toEqual(run({}, 0.2, 3).records);
    expect(run({}, 0.2, 3).records).not.toEqual(run({}, 0.2, 4).records);
  });

  it('follows the shift schedule: setup at the start of a shift, idle in the break, idle nights on a line without a night shift', () => {
    const { records } = run({}, 24);
    const at = (m: string, iso: string) => of(records, m).find((r) => r.eventTime >= Date.parse(`2026-01-05T${iso}Z`))!.state;
    expect(at('P1-L1-M01', '06:05:00')).toBe('setup');
    expect(at('P1-L1-M01', '08:00:00')).toBe('running');
    expect(at('P1-L1-M01', '10:10:00')).toBe('idle');
    expect(at('P1-L1-M01', '23:00:00')).toBe('running');
    expect(at('P1-L2-M01', '23:00:00')).toBe('idle');
  });

  it('accounts for every instant once: intervals of a machine sum to the time it reported over', () => {
    const { records } = run({}, 2);
    const m = of(records, 'P1-L1-M03');
    expect(m.reduce((a, r) => a + r.intervalMs, 0)).toBe(m.at(-1)!.eventTime - m[0]!.eventTime);
    expect(m.filter((r) => r.state === 'running').every((r) => r.parts >= 0 && r.scrap <= r.parts)).toBe(true);
  });

  it('bearing wear: vibration climbs slowly then faster, the machine fails at the label end, and the repair resets it and is reported', () => {
    const { records, incidents } = run({ degradations: { ...quiet.degradations, 'bearing-wear': { at: ['6 hours'] } } }, 11);
    const inc = incidents.find((i) => i.scenario === 'bearing-wear')!;
    expect(inc.endMs - inc.startMs).toBe(4 * H);
    const m = of(records, inc.keys[0]!).filter((r) => r.state === 'running' || r.state === 'down');
    const vib = (from: number, to: number) => mean(m.filter((r) => r.eventTime >= from && r.eventTime < to && r.state === 'running').map((r) => r.vibration!));
    const q = (k: number) => inc.startMs + k * H;
    const base = vib(START, inc.startMs);
    // slow, then accelerating: the last hour rises more than the first two together
    expect(vib(q(3), q(4)) - vib(q(2), q(3))).toBeGreaterThan(vib(q(1), q(2)) - base);
    expect(vib(q(3.75), q(4))).toBeGreaterThan(2.5 * base);
    const down = m.filter((r) => r.state === 'down');
    expect(down[0]!.eventTime).toBeGreaterThanOrEqual(inc.endMs);
    expect(down[0]!.eventTime - inc.endMs).toBeLessThan(60_000);
    const repaired = of(records, inc.keys[0]!).find((r) => r.maintenance !== null)!;
    expect(repaired.maintenance).toBe('bearing-wear');
    expect(repaired.eventTime - inc.endMs).toBeGreaterThanOrEqual(REPAIR_MS);
    const after = of(records, inc.keys[0]!).filter((r) => r.eventTime > repaired.eventTime && r.state === 'running');
    expect(mean(after.map((r) => r.vibration!))).toBeLessThan(base * 1.1);
  });

  it('a seal leak decays the pressure of a machine that has pressure', () => {
    const { records, incidents } = run({ degradations: { ...quiet.degradations, 'seal-leak': { at: ['10 minutes'] } } }, 3.5);
    const inc = incidents.find((i) => i.scenario === 'seal-leak')!;
    const m = of(records, inc.keys[0]!).filter((r) => r.state === 'running');
    expect(m[0]!.pressure).not.toBeNull();
    const early = mean(m.filter((r) => r.eventTime < inc.startMs + 20 * 60_000).map((r) => r.pressure!));
    const late = mean(m.filter((r) => r.eventTime > inc.endMs - 20 * 60_000 && r.eventTime < inc.endMs).map((r) => r.pressure!));
    expect(late / early).toBeLessThan(0.7);
  });

  it('a stuck sensor repeats one value while the others keep moving; a dropout sends nulls', () => {
    const stuck = run({ sensorFaults: { ...quiet.sensorFaults, 'sensor-stuck': { at: ['10 minutes'] } } }, 1);
    const inc = stuck.incidents.find((i) => i.scenario === 'sensor-stuck')!;
    const during = stuck.envs.filter((e) => e.label?.incidentId === inc.id).map((e) => e.record);
    const sensors = ['vibration', 'bearingTemp', 'current', 'pressure'] as const;
    const frozen = sensors.filter((s) => during[0]![s] !== null && new Set(during.map((r) => r[s])).size === 1);
    expect(frozen).toHaveLength(1);
    const dropout = run({ sensorFaults: { ...quiet.sensorFaults, 'sensor-dropout': { at: ['10 minutes'] } } }, 1);
    const d = dropout.envs.filter((e) => e.label?.scenario === 'sensor-dropout').map((e) => e.record);
    expect(sensors.some((s) => d.every((r) => r[s] === null) && d[0]!.machineId !== undefined)).toBe(true);
  });

  it('a gateway outage makes a whole line late, by minutes, and never loses or repeats time', () => {
    const { envs, incidents } = run({ gatewayOutages: { at: ['20 minutes'] } }, 1.5);
    const inc = incidents.find((i) => i.scenario === 'gateway-outage')!;
    const lateness = (line: string) => Math.max(...envs.filter((e) => e.record.lineId === line).map((e) => e.emitMs - e.record.eventTime));
    const line = envs.find((e) => e.emitMs >= inc.startMs + 10 * 60_000 && e.emitMs - e.record.eventTime > 60_000)!.record.lineId;
    expect(lateness(line)).toBeGreaterThan(5 * 60_000);
    expect(lateness(line === 'P1-L1' ? 'P1-L2' : 'P1-L1')).toBe(0);
    const m = envs.filter((e) => e.record.lineId === line && e.key === `${line}-M01`).map((e) => e.record);
    expect(m.reduce((a, r) => a + r.intervalMs, 0)).toBe(m.at(-1)!.eventTime - m[0]!.eventTime);
    expect(shiftOf(m[0]!.eventTime).name).toBe('A');
  });
});
