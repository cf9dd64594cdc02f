import { describe, expect, it } from 'vitest';
import type { IncidentInfo } from '@streamlab/datagen';
import type { Alert } from '../domain/alert.js';
import { formatReport } from './report.js';
import { scoreAlerts } from './score.js';

const H = 3_600_000;
const M = 60_000;
const T0 = Date.UTC(2026, 0, 5);
const incident = (id: string, scenario: string, key: string, startH: number, endH: number): IncidentInfo => ({
  id,
  scenario,
  keys: [key],
  startMs: T0 + startH * H,
  endMs: T0 + endH * H,
});
const alert = (patientId: string, atMin: number, kind: Alert['kind'] = 'news2', level = 'medium'): Alert => ({
  alertId: `${patientId}:${atMin}`,
  patientId,
  eventTime: T0 + atMin * M,
  kind,
  level,
  severity: level === 'high' ? 'critical' : level === 'medium' ? 'high' : 'low',
  total: 5,
  reason: '',
});
const window = { beds: 10, fromMs: T0, toMs: T0 + 24 * H };

describe('scoreAlerts (ground truth)', () => {
  it('a deterioration is caught by the first alert between onset and critical event; lead time is to the critical event', () => {
    const incidents = [incident('sepsis-1', 'sepsis', 'pt-00000a', 2, 8), incident('haemorrhage-1', 'haemorrhage', 'pt-00000b', 10, 14)];
    const s = scoreAlerts([alert('pt-00000a', 5 * 60, 'trend', 'early-warning'), alert('pt-00000a', 6 * 60)], incidents, window);
    expect(s.scenarios.find((r) => r.scenario === 'sepsis')).toMatchObject({ incidents: 1, detected: 1, sensitivity: 1, medianLeadMin: 180, firstByTrend: 1 });
    expect(s.scenarios.find((r) => r.scenario === 'haemorrhage')).toMatchObject({ incidents: 1, detected: 0, sensitivity: 0 });
    expect(s.overall).toMatchObject({ incidents: 2, detected: 1, sensitivity: 0.5, medianLeadMin: 180 });
  });

  it('an alert after the critical event does not count as catching it, but is not a false alert while the team treats the patient (3 h)', () => {
    const incidents = [incident('sepsis-1', 'sepsis', 'pt-00000a', 2, 8)];
    const s = scoreAlerts([alert('pt-00000a', 9 * 60), alert('pt-00000a', 12 * 60)], incidents, window);
    expect(s.overall.detected).toBe(0);
    expect(s.falseAlerts.total).toBe(1); // the one 4 h after
  });

  it('counts false alerts per patient-day, and medium/high ones on mimics and stable patients separately', () => {
    const incidents = [incident('walking-1', 'walking', 'pt-00000c', 3, 3.25)];
    const s = scoreAlerts(
      [alert('pt-00000c', 3 * 60 + 10, 'news2', 'medium'), alert('pt-00000d', 60, 'news2', 'low-medium'), alert('pt-00000e', 90, 'news2', 'high')],
      incidents,
      window,
    );
    expect(s.patientDays).toBe(10);
    expect(s.falseAlerts).toEqual({ total: 3, perPatientDay: 0.3 });
    expect(s.mimicHighAlerts).toBe(1);
    expect(s.artifactHighAlerts).toBe(2); // low-medium is not counted as high
    expect(s.alerts.ppv).toBe(0);
  });

  it('prints the table with the targets and the alarm burden', () => {
    const s = scoreAlerts([], [incident('sepsis-1', 'sepsis', 'pt-00000a', 2, 8)], window);
    const text = formatReport({ scorecard: s, records: 10, deadLetters: 1, samples: 20, wallMs: 1_000 }, { seed: 1, beds: 10, hours: 24 });
    expect(text).toContain('| sepsis | 1 | 0 | 0 % |');
    expect(text).toContain('| sensitivity to deterioration ≥ 0.9 | 0.00 | **NO** |');
    expect(text).toContain('Alarm burden:');
  });
});
