import { describe, expect, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, assertOnQuery, checkNewAnswer, testStream } from '@streamlab/core/testing';
import type { MonitorMessage, Sample } from '../domain/records.js';
import { qualitySamples } from './quality.js';
import { hourlyTrends, type MinuteValue, minuteValues, theilSen } from './rolling.js';

const T0 = Date.parse('2026-01-05T08:00:00Z');
const S = 1_000;
const M = 60 * S;
const P = 'pt-000001';
let seq = 0;
const msg = (sentS: number, samples: Sample[]): MonitorMessage => ({
  messageId: `m${seq++}`,
  patientId: P,
  monitorId: 'mon-1',
  eventTime: T0 + sentS * S,
  samples,
});
/** A minute of 1 Hz heart rate from `fromS`, values from `f(second)`. */
const hrMinute = (fromS: number, f: (s: number) => number | null): Sample[] =>
  Array.from({ length: 60 }, (_, i) => ({ vital: 'hr', value: f(i), t: T0 + (fromS + i) * S }));

describe('minuteValues (tumbling 1-minute windows, median of good samples)', () => {
  it('emits one robust value per patient, vital and minute when the watermark passes its end; a motion spike does not move it', async () => {
    const input = new MemoryStream<MonitorMessage>();
    await testStream(minuteValues(qualitySamples(input.toStream())), 'append')(
      addData(
        input,
        msg(
          60,
          hrMinute(0, (s) => (s < 3 ? 228 : s < 5 ? 250 : 80)),
        ),
      ),
      checkNewAnswer(), // the minute is still open
      addData(input, msg(200, [{ vital: 'hr', value: 80, t: T0 + 200 * S }])), // watermark 200 s - 1 min = 140 s
      checkNewAnswer({ patientId: P, vital: 'hr', eventTime: T0 + M, value: 80, samples: 55, suspect: 5 }),
    );
  });

  it('a minute of a probe off has no SpO2 value (null), not a made-up one, and says how many samples were suspect', async () => {
    const input = new MemoryStream<MonitorMessage>();
    const probeOff: Sample[] = Array.from({ length: 60 }, (_, i) => ({ vital: 'spo2', value: i < 55 ? 0 : 97, t: T0 + i * S }));
    await testStream(minuteValues(qualitySamples(input.toStream())), 'append')(
      addData(input, msg(60, probeOff), msg(200, [])),
      checkNewAnswer({ patientId: P, vital: 'spo2', eventTime: T0 + M, value: null, samples: 5, suspect: 55 }),
    );
  });

  it('drops buffered samples that arrive behind the watermark, and counts them', async () => {
    const input = new MemoryStream<MonitorMessage>();
    await testStream(minuteValues(qualitySamples(input.toStream())), 'append')(
      addData(input, msg(600, [{ vital: 'hr', value: 80, t: T0 + 600 * S }])),
      checkNewAnswer(),
      addData(input, msg(610, [{ vital: 'hr', value: 80, t: T0 + 610 * S }])), // this batch runs with watermark 540 s
      checkNewAnswer(),
      // a reconnecting monitor's buffer, 10 minutes old: judged by the previous batch's watermark (Spark 3.4+), late
      addData(
        input,
        msg(
          611,
          hrMinute(0, () => 90),
        ),
      ),
      checkNewAnswer(),
      assertOnQuery((q) => q.recentProgress.some((p) => p.stateOperators.some((o) => o.numRowsDroppedByWatermark > 0)), 'late samples counted'),
    );
  });
});

describe('hourlyTrends (sliding 1-hour windows every 15 minutes, Theil–Sen slope)', () => {
  it('is robust: one wild point does not change the slope of a straight line', () => {
    const line = Array.from({ length: 30 }, (_, i) => [i * 2 * M, 80 + i] as const); // +1 per 2 min = +30/h
    expect(theilSen(line)).toBeCloseTo(30, 6);
    const wild = line.map((p, i) => (i === 10 ? ([p[0], 200] as const) : p));
    expect(theilSen(wild)).toBeCloseTo(30, 6);
    expect(theilSen([[0, 1]])).toBeNull();
  });

  it('emits each hour once, with its median and slope per hour, four windows per point', async () => {
    const input = new MemoryStream<MinuteValue>();
    const minute = (m: number, value: number): MinuteValue => ({ patientId: P, vital: 'hr', eventTime: T0 + m * M, value, samples: 60, suspect: 0 });
    await testStream(hourlyTrends(input.toStream()), 'append')(
      addData(input, ...Array.from({ length: 60 }, (_, i) => minute(i, 70 + i / 2))),
      addData(input, minute(200, 100)), // watermark 198 min: every window of the first hour closes
      checkNewAnswer(
        { patientId: P, vital: 'hr', eventTime: T0 + 15 * M, median: 73.5, slopePerHour: 30, minutes: 15 },
        { patientId: P, vital: 'hr', eventTime: T0 + 30 * M, median: 77.25, slopePerHour: 30, minutes: 30 },
        { patientId: P, vital: 'hr', eventTime: T0 + 45 * M, median: 81, slopePerHour: 30, minutes: 45 },
        { patientId: P, vital: 'hr', eventTime: T0 + 60 * M, median: 84.75, slopePerHour: 30, minutes: 60 },
        { patientId: P, vital: 'hr', eventTime: T0 + 75 * M, median: 88.5, slopePerHour: 30, minutes: 45 },
        { patientId: P, vital: 'hr', eventTime: T0 + 90 * M, median: 92.25, slopePerHour: 30, minutes: 30 },
        { patientId: P, vital: 'hr', eventTime: T0 + 105 * M, median: 96, slopePerHour: 30, minutes: 15 },
      ),
    );
  });
});
