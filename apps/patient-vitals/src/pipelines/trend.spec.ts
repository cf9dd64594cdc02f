import { describe, expect, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, checkNewAnswer, testStream } from '@streamlab/core/testing';
import type { MinuteValue } from './rolling.js';
import { numericPoints, spo2Points } from '../domain/news2.js';
import { driftIndex, trendAlerts } from './trend.js';

const T0 = Date.parse('2026-01-05T08:00:00Z');
const M = 60_000;
const P = 'pt-00000a';
type V = { hr: number; rr: number; spo2: number; sbp: number };
const minutes = (from: number, to: number, f: (m: number) => V): MinuteValue[] => {
  const out: MinuteValue[] = [];
  for (let m = from; m < to; m++) {
    const v = f(m);
    for (const vital of ['rr', 'spo2', 'sbp', 'hr'] as const)
      out.push({ patientId: P, vital, eventTime: T0 + m * M, value: v[vital], samples: 60, suspect: 0 });
  }
  return out;
};
/** When the drift test's detector fires (minute of event time). */
const FIRES_AT = 186;
const resting: V = { hr: 75, rr: 15, spo2: 97, sbp: 130 };
const at = (s: ReturnType<typeof trendAlerts>) => s.map((a) => ({ minute: (a.eventTime - T0) / M, level: a.level, severity: a.severity }));

describe('driftIndex', () => {
  it('counts only drift the wrong way, in clinical units, after the warm-up', () => {
    expect(driftIndex({ hr: { fast: 95, slow: 75, n: 100 } }, 60).index).toBe(2);
    expect(driftIndex({ hr: { fast: 60, slow: 75, n: 100 } }, 60).index).toBe(0); // a falling heart rate is not this detector's
    expect(driftIndex({ spo2: { fast: 93, slow: 97, n: 100 }, sbp: { fast: 115, slow: 130, n: 100 } }, 60).index).toBe(3);
    expect(driftIndex({ hr: { fast: 95, slow: 75, n: 30 } }, 60).index).toBe(0);
  });
});

describe('trendAlerts (per-patient running statistics)', () => {
  it('fires once on a sustained multi-vital drift, about 30 minutes after it crossed the threshold, while the bands still look fine', async () => {
    const input = new MemoryStream<MinuteValue>();
    // 90 quiet minutes, then heart rate +0.25/min, breathing +0.05/min, pressure -0.25/min (sepsis-like)
    const drift = (m: number): V => (m < 90 ? resting : { hr: 75 + 0.25 * (m - 90), rr: 15 + 0.05 * (m - 90), spo2: 97, sbp: 130 - 0.25 * (m - 90) });
    await testStream(at(trendAlerts(input.toStream())), 'append')(
      addData(input, minutes(0, 240, drift)),
      checkNewAnswer({ minute: FIRES_AT, level: 'early-warning', severity: 'low' }),
      addData(input, minutes(240, 300, drift)),
      checkNewAnswer(), // one alert per episode
    );
    // when it fires, NEWS2 of these vitals is still under the medium threshold of 5
    const v = drift(FIRES_AT);
    expect(
      numericPoints('hr', v.hr) + numericPoints('rr', v.rr) + numericPoints('sbp', v.sbp) + spo2Points(v.spo2, { scale: 1, onOxygen: false }),
    ).toBeLessThan(5);
  });

  it('a 15-minute walk (heart rate +30, breathing +5) does not fire', async () => {
    const input = new MemoryStream<MinuteValue>();
    const walk = (m: number): V => (m >= 120 && m < 135 ? { hr: 105, rr: 20, spo2: 95, sbp: 142 } : resting);
    await testStream(at(trendAlerts(input.toStream())), 'append')(addData(input, minutes(0, 200, walk)), checkNewAnswer());
  });

  it('does not fire during the warm-up, however far the values move', async () => {
    const input = new MemoryStream<MinuteValue>();
    await testStream(at(trendAlerts(input.toStream())), 'append')(
      addData(
        input,
        minutes(0, 55, (m) => ({ hr: 75 + m, rr: 15 + m / 3, spo2: 97, sbp: 130 })),
      ),
      checkNewAnswer(),
    );
  });

  it('ignores minutes without a value (a probe off)', () => {
    expect(driftIndex({}, 60)).toEqual({ index: 0, parts: [] });
  });
});
