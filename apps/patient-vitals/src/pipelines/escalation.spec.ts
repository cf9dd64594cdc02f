import { describe, expect, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, checkNewAnswer, testStream } from '@streamlab/core/testing';
import type { ParamScore, Risk } from '../domain/news2.js';
import { escalationAlerts, IMMEDIATE, scoredParams } from './escalation.js';
import type { News2Row } from './news2-scores.js';

const T0 = Date.parse('2026-01-05T08:00:00Z');
const M = 60_000;
const P = 'pt-00000a';
const breakdown: ParamScore[] = [
  { param: 'rr', status: 'ok', value: 26, points: 3, atMs: T0 },
  { param: 'hr', status: 'ok', value: 112.5, points: 2, atMs: T0 },
  { param: 'o2', status: 'ok', value: true, points: 2, atMs: T0 },
  { param: 'temp', status: 'ok', value: 37, points: 0, atMs: T0 },
];
const score = (m: number, total: number, risk: Risk, active = false): News2Row => ({
  patientId: P,
  eventTime: T0 + m * M,
  total,
  risk,
  complete: true,
  maxSingle: 3,
  trend: 'steady',
  gaps: '',
  spo2Scale: 1,
  active,
  breakdown,
});
const alertAt = (m: number, total: number, level: string) => ({ at: m, total, level });
const brief = (s: ReturnType<typeof escalationAlerts>) => s.map((a) => ({ at: (a.eventTime - T0) / M, total: a.total, level: a.level }));

describe('escalationAlerts (NEWS2 thresholds, alert policy per patient)', () => {
  it('alerts at a single 3 (low–medium), a total of 5–6 (medium) and 7+ (high); a low score is silent', async () => {
    const input = new MemoryStream<News2Row>();
    await testStream(brief(escalationAlerts(input.toStream(), IMMEDIATE)), 'append')(
      addData(input, score(0, 2, 'low')),
      checkNewAnswer(),
      addData(input, score(1, 3, 'low-medium')),
      checkNewAnswer(alertAt(1, 3, 'low-medium')),
      addData(input, score(2, 5, 'medium')),
      checkNewAnswer(alertAt(2, 5, 'medium')),
      addData(input, score(3, 7, 'high')),
      checkNewAnswer(alertAt(3, 7, 'high')),
    );
  });

  it('no repeat of the same level within 30 min; again after 30 min if it persists', async () => {
    const input = new MemoryStream<News2Row>();
    await testStream(brief(escalationAlerts(input.toStream(), IMMEDIATE)), 'append')(
      addData(input, score(0, 5, 'medium'), score(5, 6, 'medium'), score(15, 5, 'medium')),
      checkNewAnswer(alertAt(0, 5, 'medium')),
      addData(input, score(29, 6, 'medium')),
      checkNewAnswer(),
      addData(input, score(30, 6, 'medium')),
      checkNewAnswer(alertAt(30, 6, 'medium')),
    );
  });

  it('re-alerts at once on escalation; a score hovering between 6 and 7 raises one high alert, and medium stays covered', async () => {
    const input = new MemoryStream<News2Row>();
    await testStream(brief(escalationAlerts(input.toStream(), IMMEDIATE)), 'append')(
      addData(input, score(0, 6, 'medium')),
      checkNewAnswer(alertAt(0, 6, 'medium')),
      addData(input, score(2, 7, 'high')),
      checkNewAnswer(alertAt(2, 7, 'high')),
      addData(input, score(4, 6, 'medium'), score(6, 7, 'high'), score(8, 6, 'medium'), score(40, 6, 'medium')),
      // medium at 40 min: the high alert of minute 2 no longer covers it, medium's own 30 min have passed
      checkNewAnswer(alertAt(40, 6, 'medium')),
    );
  });

  it('says what scored, with the RCP response, and which patient (pseudonymous) it is about', async () => {
    const input = new MemoryStream<News2Row>();
    await testStream(escalationAlerts(input.toStream(), IMMEDIATE), 'append')(
      addData(input, score(0, 7, 'high')),
      checkNewAnswer({
        alertId: `${P}:news2:high:${T0}`,
        patientId: P,
        eventTime: T0,
        kind: 'news2',
        level: 'high',
        severity: 'critical',
        total: 7,
        reason: 'NEWS2 7 (high: emergency response) — RR 26 (3) · HR 112.5 (2) · O2 oxygen (2)',
      }),
    );
    expect(scoredParams([])).toBe('');
  });

  it('by default a total of 7 alerts at once, a single 3 after 10 min and 5–6 after 15 min: a 13-minute walk raises nothing', async () => {
    const input = new MemoryStream<News2Row>();
    await testStream(brief(escalationAlerts(input.toStream())), 'append')(
      // a walk: 5 for 13 minutes, then back to 2
      addData(input, score(0, 5, 'medium'), score(13, 2, 'low')),
      checkNewAnswer(),
      // a deterioration: medium from minute 20, still medium at the 15-minute heartbeat
      addData(input, score(20, 5, 'medium'), score(35, 6, 'medium')),
      checkNewAnswer(alertAt(35, 6, 'medium')),
      addData(input, score(36, 7, 'high')),
      checkNewAnswer(alertAt(36, 7, 'high')),
    );
  });

  it('while the monitor reports motion, even a 7 must hold for 15 minutes: a walk on oxygen with fast breathing raises nothing', async () => {
    const input = new MemoryStream<News2Row>();
    await testStream(brief(escalationAlerts(input.toStream())), 'append')(
      addData(input, score(0, 7, 'high', true), score(12, 7, 'high', true), score(14, 2, 'low', true)),
      checkNewAnswer(),
      // at rest again, still 7: it alerts at once
      addData(input, score(40, 7, 'high', false)),
      checkNewAnswer(alertAt(40, 7, 'high')),
    );
  });
});
