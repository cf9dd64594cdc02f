import { describe, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, checkNewAnswer, testStream } from '@streamlab/core/testing';
import type { MonitorMessage, Sample } from '../domain/records.js';
import { type CoverageSession, coverageSessions, monitoringGaps } from './coverage.js';
import { qualitySamples } from './quality.js';

const T0 = Date.parse('2026-01-05T08:00:00Z');
const S = 1_000;
const P = 'pt-00000a';
let seq = 0;
/** A message sent at `sentS` carrying 1 Hz heart rate for seconds [from, to). */
const msg = (sentS: number, from: number, to: number): MonitorMessage => ({
  messageId: `m${seq++}`,
  patientId: P,
  monitorId: 'mon-1',
  eventTime: T0 + sentS * S,
  samples: Array.from({ length: to - from }, (_, i): Sample => ({ vital: 'hr', value: 80, t: T0 + (from + i) * S })),
});
const session = (from: number, to: number, samples: number) => ({
  patientId: P,
  session: { start: T0 + from * S, end: T0 + to * S + 30 * S },
  samples,
  firstMs: T0 + from * S,
  lastMs: T0 + to * S,
});

describe('coverageSessions (session windows, gap 30 s)', () => {
  it('update mode: the open session grows; a silence of 30 s or more starts a new one', async () => {
    const input = new MemoryStream<MonitorMessage>();
    await testStream(coverageSessions(qualitySamples(input.toStream())), 'update')(
      addData(input, msg(10, 0, 10)),
      checkNewAnswer(session(0, 9, 10)),
      addData(input, msg(20, 10, 20)),
      checkNewAnswer(session(0, 19, 20)),
      addData(input, msg(120, 100, 120)), // 80 s without samples: disconnected
      checkNewAnswer(session(100, 119, 20)),
    );
  });

  it("a reconnecting monitor's buffer, in time for the watermark, fills the hole: the sessions merge", async () => {
    const input = new MemoryStream<MonitorMessage>();
    await testStream(coverageSessions(qualitySamples(input.toStream())), 'append')(
      addData(input, msg(10, 0, 10)),
      addData(input, msg(70, 60, 70)), // the monitor drops out for 50 s ...
      checkNewAnswer(),
      addData(input, msg(71, 10, 60)), // ... and sends what it buffered, late but within the 1-minute watermark
      checkNewAnswer(),
      addData(input, msg(400, 400, 401)), // moves the watermark past the session's end
      checkNewAnswer(session(0, 69, 70)),
    );
  });
});

describe('monitoringGaps (per-patient state over closed sessions)', () => {
  it('reports each unmonitored period between two sessions', async () => {
    const input = new MemoryStream<CoverageSession>();
    await testStream(monitoringGaps(input.toStream()), 'append')(
      addData(input, session(0, 59, 60)),
      checkNewAnswer(),
      addData(input, session(660, 700, 41)),
      checkNewAnswer({ patientId: P, fromMs: T0 + 59 * S, toMs: T0 + 660 * S, minutes: 10, eventTime: T0 + 660 * S }),
    );
  });
});
