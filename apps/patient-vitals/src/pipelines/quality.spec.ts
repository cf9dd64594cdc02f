import { describe, expect, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, checkNewAnswer, testStream } from '@streamlab/core/testing';
import type { MonitorMessage, Sample } from '../domain/records.js';
import { checkSample, qualitySamples, rejectedSamples } from './quality.js';

const T0 = Date.parse('2026-01-05T08:00:00Z');
const S = 1_000;
const P = 'pt-000001';
const msg = (id: string, sentS: number, samples: Sample[]): MonitorMessage => ({
  messageId: id,
  patientId: P,
  monitorId: 'mon-1',
  eventTime: T0 + sentS * S,
  samples,
});
const hr = (value: number | null, s: number): Sample => ({ vital: 'hr', value, t: T0 + s * S });
const spo2 = (value: number | null, s: number): Sample => ({ vital: 'spo2', value, t: T0 + s * S });

describe('checkSample', () => {
  it.each([
    [hr(72, 0), 'ok'],
    [hr(400, 0), 'impossible'],
    [hr(-1, 0), 'impossible'],
    [spo2(101, 0), 'impossible'],
    [spo2(0, 0), 'suspect'],
    [spo2(null, 0), 'suspect'],
    [hr(230, 0), 'suspect'],
    [spo2(45, 0), 'suspect'],
    [{ vital: 'rr', value: 16, t: T0 } as Sample, 'ok'],
    [{ vital: 'sbp', value: 10, t: T0 } as Sample, 'impossible'],
  ] as const)('%j is %s', (s, verdict) => expect(checkSample(s, T0).verdict).toBe(verdict));

  it('says why: a probe off, motion, an impossible value, a sample from the future', () => {
    expect(checkSample(spo2(0, 0), T0)).toEqual({ verdict: 'suspect', flag: 'probe off (SpO2 0)' });
    expect(checkSample(hr(230, 0), T0)).toEqual({ verdict: 'suspect', flag: 'motion artifact?' });
    expect(checkSample(hr(400, 0), T0)).toEqual({ verdict: 'impossible', reason: 'hr 400 outside 0–300' });
    expect(checkSample(hr(80, 120), T0)).toEqual({ verdict: 'impossible', reason: 'hr taken 120 s after it was sent' });
  });
});

describe('qualitySamples (dedup within watermark + explode)', () => {
  it('one row per sample at the time it was taken; suspect ones flagged, impossible ones left out', async () => {
    const input = new MemoryStream<MonitorMessage>();
    await testStream(qualitySamples(input.toStream()), 'append')(
      addData(input, msg('m1', 1, [hr(72, 0), spo2(0, 0), hr(400, 1)])),
      checkNewAnswer(
        { patientId: P, vital: 'hr', value: 72, eventTime: T0, quality: 'ok', flag: null },
        { patientId: P, vital: 'spo2', value: 0, eventTime: T0, quality: 'suspect', flag: 'probe off (SpO2 0)' },
      ),
    );
  });

  it('a message sent twice counts once; buffered samples delivered late keep their own time', async () => {
    const input = new MemoryStream<MonitorMessage>();
    await testStream(qualitySamples(input.toStream()), 'append')(
      addData(input, msg('m1', 1, [hr(72, 1)])),
      checkNewAnswer({ patientId: P, vital: 'hr', value: 72, eventTime: T0 + S, quality: 'ok', flag: null }),
      addData(input, msg('m1', 1, [hr(72, 1)]), msg('m2', 300, [hr(70, 100), hr(71, 300)])),
      checkNewAnswer(
        { patientId: P, vital: 'hr', value: 70, eventTime: T0 + 100 * S, quality: 'ok', flag: null },
        { patientId: P, vital: 'hr', value: 71, eventTime: T0 + 300 * S, quality: 'ok', flag: null },
      ),
    );
  });
});

describe('rejectedSamples (to the dead-letter topic)', () => {
  it('routes each impossible sample with its reason and its message', async () => {
    const input = new MemoryStream<MonitorMessage>();
    await testStream(rejectedSamples(input.toStream()), 'append')(
      addData(input, msg('m1', 1, [hr(72, 0), hr(400, 1), spo2(130, 1)])),
      checkNewAnswer(
        { messageId: 'm1', patientId: P, vital: 'hr', value: 400, eventTime: T0 + S, reason: 'hr 400 outside 0–300' },
        { messageId: 'm1', patientId: P, vital: 'spo2', value: 130, eventTime: T0 + S, reason: 'spo2 130 outside 0–100' },
      ),
    );
  });
});
