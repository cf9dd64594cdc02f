import { describe, expect, it } from 'vitest';
import { Simulation } from '@streamlab/datagen';
import type { MonitorMessage, Observation, VitalsRecord } from '../domain/records.js';
import { bedOf, patientId, wardSize } from './hospital.js';
import { BUFFER_MS, createVitalsModel } from './model.js';
import type { PatientSim } from './patient.js';

const START = Date.parse('2026-01-05T00:00:00Z');

function run(o: Parameters<typeof createVitalsModel>[0], minutes: number, ratePerSec: number, seed = 1, startMs = START) {
  const sim = new Simulation(createVitalsModel(o), { seed, ratePerSec, durationMs: minutes * 60_000, startMs });
  const records: VitalsRecord[] = [];
  const labels: { scenario: string; key: string; t: number }[] = [];
  while (!sim.done)
    for (const env of sim.nextBatch(10_000, Number.MAX_SAFE_INTEGER)) {
      records.push(env.record);
      if (env.label) labels.push({ scenario: env.label.scenario ?? '', key: env.key, t: env.eventTimeMs });
    }
  return { sim, records, labels, incidents: sim.takeIncidents() };
}
const monitors = (rs: VitalsRecord[]) => rs.filter((r): r is MonitorMessage & { kind: 'monitor' } => r.kind === 'monitor');
const quiet = { deteriorationsPerHour: 0, mimicsPerHour: 0, disconnectionsPerBedDay: 0, spikesPerBedHour: 0, impossiblePerSample: 0 };

describe('the hospital', () => {
  it('has wards of 40 to 80 beds, and a unique pseudonymous id per bed', () => {
    const sizes = Array.from({ length: 50 }, (_, k) => wardSize(k));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(40);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(80);
    const ids = new Set(Array.from({ length: 5_000 }, (_, i) => patientId(i)));
    expect(ids.size).toBe(5_000);
    expect(bedOf(0)).toEqual({ ward: 'Acute Medical Unit', bed: 'AMU-01' });
    expect(bedOf(wardSize(0))).toEqual({ ward: 'Respiratory', bed: 'R-01' });
  });
});

describe('vitals model', () => {
  it('is deterministic: the same seed gives the same records', () => {
    const a = run({ beds: 20 }, 2, 20, 7).records;
    const b = run({ beds: 20 }, 2, 20, 7).records;
    expect(a).toEqual(b);
    expect(run({ beds: 20 }, 2, 20, 8).records).not.toEqual(a);
  });

  it.each([
    ['on a whole second', START],
    ['at any millisecond (a live run starts at Date.now())', START + 1_234],
  ])('samples heart rate and SpO2 every second, respiratory rate every 5 s, blood pressure every 15 min, starting %s', (_, startMs) => {
    const { records } = run({ beds: 10, ...quiet }, 30, 10, 1, startMs);
    const samples = monitors(records).flatMap((m) => m.samples.map((s) => ({ ...s, patientId: m.patientId })));
    const of = (vital: string) => samples.filter((s) => s.vital === vital && s.patientId === records[0]!.patientId);
    expect(of('hr').length).toBeGreaterThanOrEqual(30 * 60 - 2);
    expect(of('spo2').length).toBe(of('hr').length);
    expect(of('rr').length).toBeCloseTo(30 * 12, -1);
    expect(of('sbp').length).toBe(2);
    // plausible at rest
    const hrs = of('hr').map((s) => s.value as number);
    expect(Math.min(...hrs)).toBeGreaterThan(35);
    expect(Math.max(...hrs)).toBeLessThan(125);
  });

  it('sends nurse observations with consciousness, air or oxygen and temperature every 1–4 h', () => {
    const { records } = run({ beds: 10, ...quiet }, 6 * 60, 1);
    const obs = records.filter((r): r is Observation & { kind: 'observation' } => r.kind === 'observation');
    const perPatient = new Map<string, number>();
    for (const o of obs) perPatient.set(o.patientId, (perPatient.get(o.patientId) ?? 0) + 1);
    expect(Math.min(...perPatient.values())).toBeGreaterThanOrEqual(2);
    expect(Math.max(...perPatient.values())).toBeLessThanOrEqual(7);
    expect(obs.every((o) => o.acvpu === 'A' && o.temp !== null && o.temp > 35.5 && o.temp < 38)).toBe(true);
  });

  it('gives COPD patients SpO2 scale 2 and a saturation around 88–92 %', () => {
    const { sim, records } = run({ beds: 60, ...quiet }, 5, 60);
    const copd = (sim.population as readonly PatientSim[]).filter((p) => p.admission.comorbidities.includes('COPD'));
    expect(copd.length).toBeGreaterThan(3);
    expect(copd.every((p) => p.admission.spo2Scale === 2)).toBe(true);
    const ids = new Set(copd.map((p) => p.admission.patientId));
    const spo2 = monitors(records)
      .filter((m) => ids.has(m.patientId))
      .flatMap((m) => m.samples.filter((s) => s.vital === 'spo2').map((s) => s.value as number));
    const mean = spo2.reduce((a, b) => a + b, 0) / spo2.length;
    expect(mean).toBeGreaterThan(86);
    expect(mean).toBeLessThan(94);
  });

  it('labels deteriorations from onset to the critical event, and the vitals worsen along the course', () => {
    const { records, incidents, labels } = run(
      { beds: 20, deteriorationsPerHour: 0, mimicsPerHour: 0, deterioratingAtStart: { scenario: 'sepsis', phase0: 0 } },
      6 * 60,
      20,
    );
    const sepsis = incidents.find((i) => i.scenario === 'sepsis')!;
    expect(sepsis.endMs - sepsis.startMs).toBe(6 * 3_600_000);
    const key = sepsis.keys[0]!;
    expect(labels.some((l) => l.key === key && l.scenario === 'sepsis')).toBe(true);
    const hr = (fromH: number) =>
      monitors(records)
        .filter((m) => m.patientId === key && m.eventTime >= START + fromH * 3_600_000 && m.eventTime < START + (fromH + 0.25) * 3_600_000)
        .flatMap((m) => m.samples.filter((s) => s.vital === 'hr').map((s) => s.value as number));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
    expect(median(hr(5.7)) - median(hr(0))).toBeGreaterThan(25);
  });

  it('a disconnected monitor sends nothing, then its buffered samples late, on reconnect', () => {
    const { records } = run({ beds: 5, ...quiet, disconnectionsPerBedDay: 20 }, 4 * 60, 5);
    const late = monitors(records).filter((m) => m.samples.some((s) => m.eventTime - (s.t as number) > 60_000));
    expect(late.length).toBeGreaterThan(0);
    for (const m of late) expect(m.eventTime - Math.min(...m.samples.map((s) => s.t as number))).toBeLessThanOrEqual(BUFFER_MS + 2_000);
  });

  it('a probe off reads as SpO2 0 or as nothing; motion spikes and impossible values happen', () => {
    const { records, incidents } = run({ beds: 20, deteriorationsPerHour: 0, mimicsPerHour: 6, spikesPerBedHour: 10, impossiblePerSample: 1e-3 }, 60, 20);
    expect(incidents.some((i) => i.scenario === 'probe-off')).toBe(true);
    const spo2 = monitors(records).flatMap((m) => m.samples.filter((s) => s.vital === 'spo2').map((s) => s.value));
    expect(spo2.some((v) => v === 0 || v === null)).toBe(true);
    const hr = monitors(records).flatMap((m) => m.samples.filter((s) => s.vital === 'hr').map((s) => s.value as number));
    expect(hr.some((v) => v >= 150 && v <= 230)).toBe(true);
    expect(hr.some((v) => v >= 400)).toBe(true);
  });

  it('carries no name and no MRN in any record', () => {
    const { sim, records } = run({ beds: 20, mimicsPerHour: 4, deteriorationsPerHour: 2 }, 30, 20);
    const text = JSON.stringify(records);
    for (const p of sim.population as readonly PatientSim[]) {
      expect(text).not.toContain(p.admission.name);
      expect(text).not.toContain(p.admission.mrn);
    }
  });
});
