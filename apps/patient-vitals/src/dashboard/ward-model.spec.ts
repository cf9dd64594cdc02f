import { describe, expect, it } from 'vitest';
import type { CensusRow, MinuteValue, News2Row } from '../queries.js';
import { latestBy, medianTta, vitalSeries, wardBeds } from './ward-model.js';

const census = (patientId: string, bed: string, ward = 'Respiratory'): CensusRow => ({
  patientId,
  name: `Name ${bed}`,
  mrn: 'MRN1',
  age: 70,
  sex: 'F',
  ward,
  bed,
  reason: 'pneumonia',
  spo2Scale: 1,
  comorbidities: '',
});
const score = (patientId: string, eventTime: number, total: number, gaps = ''): News2Row => ({
  patientId,
  eventTime,
  total,
  risk: total >= 7 ? 'high' : total >= 5 ? 'medium' : total > 0 ? 'low' : 'none',
  complete: gaps === '',
  maxSingle: 2,
  trend: 'up',
  gaps,
  spo2Scale: 1,
  active: false,
  breakdown: [],
});

describe('ward model', () => {
  it('shows every admitted patient by ward and bed with their latest score, and marks stale data', () => {
    const beds = wardBeds(
      [census('pt-00000b', 'R-02'), census('pt-00000a', 'R-01'), census('pt-00000c', 'AMU-01', 'Acute Medical Unit')],
      [score('pt-00000a', 2, 7), score('pt-00000a', 1, 3), score('pt-00000b', 5, 0, 'hr stale')],
    );
    expect(beds.map((b) => [b.bed, b.risk, b.total, b.stale])).toEqual([
      ['AMU-01', 'unknown', null, false],
      ['R-01', 'high', 7, false],
      ['R-02', 'none', 0, true],
    ]);
  });

  it('takes the newest row per key whatever the order', () => {
    expect(latestBy([score('a', 3, 1), score('a', 9, 2), score('a', 4, 3)], 'patientId').get('a')?.total).toBe(2);
  });

  it('a vital series is time-ordered seconds, with null where a minute had no value', () => {
    const m = (t: number, value: number | null): MinuteValue => ({ patientId: 'p', vital: 'spo2', eventTime: t * 1000, value, samples: 1, suspect: 0 });
    expect(vitalSeries([m(120, 95), m(60, 96), m(180, null)], 'p', 'spo2')).toEqual([
      [60, 120, 180],
      [96, 95, null],
    ]);
  });

  it('median time to acknowledge ignores unacknowledged alerts', () => {
    expect(medianTta([{ ttaMs: 60_000 }, { ttaMs: 180_000 }, { ttaMs: null }])).toBe(120_000);
    expect(medianTta([{ ttaMs: null }])).toBeNull();
  });
});
