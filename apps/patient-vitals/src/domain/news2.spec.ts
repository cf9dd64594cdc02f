/**
 * NEWS2 against the Royal College of Physicians' 2017 chart (National Early Warning Score (NEWS) 2,
 * chart 1: the NEWS2 scoring system; chart 2: thresholds and triggers). Every band edge of the
 * published table is a row here, written from the chart, not from the code's table.
 */
import { describe, expect, it } from 'vitest';
import { type Acvpu, acvpuPoints, aggregate, BANDS, numericPoints, oxygenPoints, type ParamScore, PARAMS, riskOf, spo2Points } from './news2.js';

// [value, points], every edge of each published band
const RR: [number, number][] = [
  [0, 3],
  [8, 3],
  [9, 1],
  [11, 1],
  [12, 0],
  [20, 0],
  [21, 2],
  [24, 2],
  [25, 3],
  [60, 3],
];
const SPO2_SCALE1: [number, number][] = [
  [50, 3],
  [91, 3],
  [92, 2],
  [93, 2],
  [94, 1],
  [95, 1],
  [96, 0],
  [100, 0],
];
// scale 2: ≤83 → 3, 84–85 → 2, 86–87 → 1, 88–92 or ≥93 on air → 0, 93–94 on O2 → 1, 95–96 on O2 → 2, ≥97 on O2 → 3
const SPO2_SCALE2_AIR: [number, number][] = [
  [80, 3],
  [83, 3],
  [84, 2],
  [85, 2],
  [86, 1],
  [87, 1],
  [88, 0],
  [92, 0],
  [93, 0],
  [97, 0],
  [100, 0],
];
const SPO2_SCALE2_OXYGEN: [number, number][] = [
  [83, 3],
  [84, 2],
  [86, 1],
  [87, 1],
  [88, 0],
  [92, 0],
  [93, 1],
  [94, 1],
  [95, 2],
  [96, 2],
  [97, 3],
  [100, 3],
];
const SBP: [number, number][] = [
  [60, 3],
  [90, 3],
  [91, 2],
  [100, 2],
  [101, 1],
  [110, 1],
  [111, 0],
  [219, 0],
  [220, 3],
];
const PULSE: [number, number][] = [
  [30, 3],
  [40, 3],
  [41, 1],
  [50, 1],
  [51, 0],
  [90, 0],
  [91, 1],
  [110, 1],
  [111, 2],
  [130, 2],
  [131, 3],
  [180, 3],
];
const TEMP: [number, number][] = [
  [34, 3],
  [35.0, 3],
  [35.1, 1],
  [36.0, 1],
  [36.1, 0],
  [38.0, 0],
  [38.1, 1],
  [39.0, 1],
  [39.1, 2],
  [41, 2],
];

describe('NEWS2 bands (RCP 2017 chart 1)', () => {
  it.each(RR)('respiration rate %d/min scores %d', (v, p) => expect(numericPoints('rr', v)).toBe(p));
  it.each(SPO2_SCALE1)('SpO2 scale 1: %d %% scores %d (on air or oxygen alike)', (v, p) => {
    expect(spo2Points(v, { scale: 1, onOxygen: false })).toBe(p);
    expect(spo2Points(v, { scale: 1, onOxygen: true })).toBe(p);
  });
  it.each(SPO2_SCALE2_AIR)('SpO2 scale 2 on air: %d %% scores %d', (v, p) => expect(spo2Points(v, { scale: 2, onOxygen: false })).toBe(p));
  it.each(SPO2_SCALE2_OXYGEN)('SpO2 scale 2 on oxygen: %d %% scores %d', (v, p) => expect(spo2Points(v, { scale: 2, onOxygen: true })).toBe(p));
  it.each(SBP)('systolic BP %d mmHg scores %d', (v, p) => expect(numericPoints('sbp', v)).toBe(p));
  it.each(PULSE)('pulse %d/min scores %d', (v, p) => expect(numericPoints('hr', v)).toBe(p));
  it.each(TEMP)('temperature %d °C scores %d', (v, p) => expect(numericPoints('temp', v)).toBe(p));

  it('air scores 0, supplemental oxygen 2', () => {
    expect(oxygenPoints(false)).toBe(0);
    expect(oxygenPoints(true)).toBe(2);
  });

  it('consciousness: Alert scores 0; new Confusion, Voice, Pain, Unresponsive score 3', () => {
    const points = (['A', 'C', 'V', 'P', 'U'] as Acvpu[]).map(acvpuPoints);
    expect(points).toEqual([0, 3, 3, 3, 3]);
  });

  it('rounds to chart resolution before banding, so a median between two bands lands where a nurse would chart it', () => {
    expect(numericPoints('rr', 20.4)).toBe(0);
    expect(numericPoints('rr', 20.5)).toBe(2);
    expect(numericPoints('hr', 90.4)).toBe(0);
    expect(numericPoints('temp', 38.04)).toBe(0);
    expect(numericPoints('temp', 38.05)).toBe(1);
    expect(spo2Points(95.5, { scale: 1, onOxygen: false })).toBe(0);
  });

  it('has no holes: every value at chart resolution from 0 to 300 falls in exactly one band', () => {
    for (const [name, bands] of Object.entries(BANDS)) {
      if (name === 'spo2Scale2OnOxygen') continue; // starts at 88 by design: below it, the air table applies
      const step = name === 'temp' ? 0.1 : 1;
      for (let i = 0; i <= 3000; i++) {
        const v = Math.round(i * step * 10) / 10;
        if (name !== 'temp' && i > 300) break;
        expect(
          bands.filter((b) => v >= b.min && v <= b.max),
          `${name} ${v}`,
        ).toHaveLength(1);
      }
    }
  });
});

const ok = (param: ParamScore['param'], points: number): ParamScore => ({ param, status: 'ok', value: 0, points, atMs: 0 });

describe('NEWS2 aggregate and clinical risk (RCP 2017 chart 2)', () => {
  it.each([
    [0, 0, 'none'],
    [1, 1, 'low'],
    [4, 2, 'low'],
    [3, 3, 'low-medium'], // a single red score: urgent ward-based response
    [4, 3, 'low-medium'],
    [5, 2, 'medium'],
    [6, 3, 'medium'],
    [7, 2, 'high'],
    [12, 3, 'high'],
  ] as const)('total %d with a largest single score of %d is %s risk', (total, single, risk) => expect(riskOf(total, single)).toBe(risk));

  it('sums the parameters and names the largest single score', () => {
    const s = aggregate([ok('rr', 2), ok('spo2', 1), ok('o2', 2), ok('sbp', 0), ok('hr', 1), ok('acvpu', 0), ok('temp', 1)]);
    expect(s).toMatchObject({ total: 7, risk: 'high', complete: true, maxSingle: 2 });
  });

  it('a missing or stale parameter makes the score incomplete, never lower-risk by accident', () => {
    const params: ParamScore[] = PARAMS.map((p) => ok(p, 0));
    params[4] = { param: 'hr', status: 'stale', value: 140, points: null, atMs: 0 };
    const s = aggregate(params);
    expect(s.complete).toBe(false);
    expect(s.total).toBe(0);
    expect(aggregate(params.slice(0, 3)).complete).toBe(false);
  });
});
