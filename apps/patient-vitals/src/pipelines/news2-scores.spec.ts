import { describe, expect, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, checkNewAnswer, testStream } from '@streamlab/core/testing';
import type { Observation } from '../domain/records.js';
import { type News2Row, news2Scores, scoreAt } from './news2-scores.js';
import type { MinuteValue } from './rolling.js';

const T0 = Date.parse('2026-01-05T08:00:00Z');
const M = 60_000;
const A = 'pt-00000a';
const B = 'pt-00000b';
const minute = (patientId: string, m: number, vital: MinuteValue['vital'], value: number | null): MinuteValue => ({
  patientId,
  vital,
  eventTime: T0 + m * M,
  value,
  samples: 60,
  suspect: 0,
});
const obs = (patientId: string, m: number, o: Partial<Observation> = {}): Observation => ({
  obsId: `o-${patientId}-${m}`,
  patientId,
  eventTime: T0 + m * M,
  acvpu: 'A',
  onOxygen: false,
  temp: 37,
  ...o,
});
const vitals = (patientId: string, m: number, v: { hr: number; spo2: number; rr: number; sbp: number }) => [
  minute(patientId, m, 'hr', v.hr),
  minute(patientId, m, 'spo2', v.spo2),
  minute(patientId, m, 'rr', v.rr),
  minute(patientId, m, 'sbp', v.sbp),
];

function setup(
  scales = [
    { patientId: A, spo2Scale: 1 as const },
    { patientId: B, spo2Scale: 2 as const },
  ],
) {
  const minutes = new MemoryStream<MinuteValue>();
  const rounds = new MemoryStream<Observation>();
  return { minutes, rounds, query: news2Scores(minutes.toStream(), rounds.toStream(), scales) };
}

describe('scoreAt (latest value within its validity)', () => {
  it('scores the current values, and names missing and stale ones', () => {
    const s = scoreAt({ hr: { value: 135, atMs: T0 }, rr: { value: 22, atMs: T0 - 10 * M } }, 1, T0 + M);
    expect(s.params.find((p) => p.param === 'hr')).toMatchObject({ status: 'ok', points: 3 });
    expect(s.params.find((p) => p.param === 'rr')).toMatchObject({ status: 'stale', points: null, value: 22 });
    expect(s.params.find((p) => p.param === 'temp')).toMatchObject({ status: 'missing', points: null });
    expect(s).toMatchObject({ total: 3, risk: 'low-medium', complete: false });
  });
});

/** The fields a test asserts on: the score, what it lacks, and one parameter's line of the breakdown. */
const view = (param: string) => (r: News2Row) => {
  const p = r.breakdown.find((b) => b.param === param)!;
  return {
    patientId: r.patientId,
    total: r.total,
    risk: r.risk,
    complete: r.complete,
    gaps: r.gaps,
    scale: r.spo2Scale,
    [param]: `${p.status} ${p.value} ${p.points}`,
  };
};

describe('news2Scores (union + stream-static join + flatMapGroupsWithState)', () => {
  it('scores each patient on the SpO2 scale of the admissions table, exactly by the RCP bands', async () => {
    const { minutes, rounds, query } = setup();
    await testStream(query.map(view('spo2')), 'append')(
      addData(rounds, obs(A, 0), obs(B, 0, { onOxygen: true })),
      // SpO2 90 %: 3 points on scale 1 (A); on scale 2 and on oxygen, 88–92 % is the target: 0 (B)
      addData(minutes, ...vitals(A, 1, { hr: 95, spo2: 90, rr: 22, sbp: 105 }), ...vitals(B, 1, { hr: 95, spo2: 90, rr: 22, sbp: 105 })),
      checkNewAnswer(
        // hr 1 + spo2 3 + rr 2 + sbp 1 + air 0 + alert 0 + 37 °C 0
        { patientId: A, total: 7, risk: 'high', complete: true, gaps: '', scale: 1, spo2: 'ok 90 3' },
        // hr 1 + spo2 0 + rr 2 + sbp 1 + oxygen 2
        { patientId: B, total: 6, risk: 'medium', complete: true, gaps: '', scale: 2, spo2: 'ok 90 0' },
      ),
    );
  });

  it('an unknown patient is scored on scale 1; a missing parameter is named and makes the score incomplete', async () => {
    const { minutes, query } = setup([]);
    await testStream(query.map(view('spo2')), 'append')(
      addData(minutes, ...vitals(A, 1, { hr: 80, spo2: 90, rr: 16, sbp: 130 })),
      checkNewAnswer({
        patientId: A,
        total: 3,
        risk: 'low-medium',
        complete: false,
        gaps: 'o2 missing, acvpu missing, temp missing',
        scale: 1,
        spo2: 'ok 90 3',
      }),
    );
  });

  it('a monitor that goes quiet makes its parameters stale when the watermark passes their validity (event-time timeout)', async () => {
    const { minutes, rounds, query } = setup();
    await testStream(query.map(view('hr')), 'append')(
      addData(rounds, obs(A, 0), obs(B, 0)),
      addData(minutes, ...vitals(A, 1, { hr: 125, spo2: 97, rr: 16, sbp: 130 }), ...vitals(B, 1, { hr: 70, spo2: 90, rr: 16, sbp: 130 })),
      checkNewAnswer(
        { patientId: A, total: 2, risk: 'low', complete: true, gaps: '', scale: 1, hr: 'ok 125 2' },
        { patientId: B, total: 0, risk: 'none', complete: true, gaps: '', scale: 2, hr: 'ok 70 0' },
      ),
      // only B's monitor and B's nurse keep going; A's monitor went quiet after minute 1
      addData(minutes, ...vitals(B, 5, { hr: 70, spo2: 90, rr: 16, sbp: 130 })),
      addData(rounds, obs(B, 5)),
      checkNewAnswer(),
      addData(minutes, ...vitals(B, 20, { hr: 70, spo2: 90, rr: 16, sbp: 130 })),
      addData(rounds, obs(B, 20)),
      checkNewAnswer(
        { patientId: A, total: 0, risk: 'none', complete: false, gaps: 'rr stale, spo2 stale, hr stale', scale: 1, hr: 'stale 125 null' },
        // B's score did not change, but 15 minutes passed: the heartbeat row (the ward's "as of")
        { patientId: B, total: 0, risk: 'none', complete: true, gaps: '', scale: 2, hr: 'ok 70 0' },
      ),
    );
  });

  it('keeps the latest value: a minute delivered out of order does not replace a newer one', async () => {
    const { minutes, rounds, query } = setup();
    await testStream(query.map(view('hr')), 'append')(
      addData(rounds, obs(A, 0)),
      addData(minutes, minute(A, 3, 'hr', 135)),
      checkNewAnswer({ patientId: A, total: 3, risk: 'low-medium', complete: false, gaps: 'rr missing, spo2 missing, sbp missing', scale: 1, hr: 'ok 135 3' }),
      addData(minutes, minute(A, 2, 'hr', 70)),
      checkNewAnswer(),
    );
  });

  it('a minute of motion-flagged heart-rate samples marks the patient active for 10 minutes', async () => {
    const { minutes, rounds, query } = setup();
    const moving = (m: number): MinuteValue => ({ ...minute(A, m, 'hr', 110), suspect: 6 });
    await testStream(
      query.map((r) => ({ at: (r.eventTime - T0) / M, active: r.active })),
      'append',
    )(
      addData(rounds, obs(A, 0)),
      addData(minutes, moving(1)),
      checkNewAnswer({ at: 1, active: true }),
      addData(minutes, minute(A, 8, 'hr', 80)),
      checkNewAnswer({ at: 8, active: true }),
      addData(minutes, minute(A, 12, 'hr', 80)),
      checkNewAnswer({ at: 12, active: false }),
    );
  });
});
