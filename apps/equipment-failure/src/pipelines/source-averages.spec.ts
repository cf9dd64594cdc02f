import { describe, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, checkNewAnswer, testStream } from '@streamlab/core/testing';
import type { Reading } from '../domain/reading.js';
import { highAverageAlerts, sourceAverages } from './source-averages.js';

const T0 = Date.parse('2026-01-05T00:00:00Z');
const S = 1000;
let seq = 0;
const at = (seconds: number, value: number, sourceId = 'source-001'): Reading => ({ readingId: `r-${seq++}`, sourceId, value, eventTime: T0 + seconds * S });
const w = (startS: number) => ({ start: T0 + startS * S, end: T0 + (startS + 10) * S });

describe('sourceAverages (tumbling window + watermark)', () => {
  it('update mode: emits the windows a batch changed, and keeps counting', async () => {
    const input = new MemoryStream<Reading>();
    await testStream(sourceAverages(input.toStream()), 'update')(
      addData(input, at(1, 40), at(2, 60), at(12, 50, 'source-002')),
      checkNewAnswer({ window: w(0), sourceId: 'source-001', readings: 2, avgValue: 50 }, { window: w(10), sourceId: 'source-002', readings: 1, avgValue: 50 }),
      addData(input, at(3, 80)), // out of order, within the watermark delay: still counted
      checkNewAnswer({ window: w(0), sourceId: 'source-001', readings: 3, avgValue: 60 }),
    );
  });

  it('drops a reading later than the watermark: a finished window does not change', async () => {
    const input = new MemoryStream<Reading>();
    await testStream(sourceAverages(input.toStream()), 'update')(
      addData(input, at(1, 40), at(45, 50)),
      checkNewAnswer({ window: w(0), sourceId: 'source-001', readings: 1, avgValue: 40 }, { window: w(40), sourceId: 'source-001', readings: 1, avgValue: 50 }),
      addData(input, at(2, 99)), // the watermark is 35 s: window [0 s, 10 s) is closed
      checkNewAnswer(),
    );
  });
});

describe('highAverageAlerts (append mode)', () => {
  it('alerts once, when the watermark passes the end of a window whose average is too high', async () => {
    const input = new MemoryStream<Reading>();
    await testStream(highAverageAlerts(input.toStream()), 'append')(
      addData(input, at(1, 95), at(4, 93), at(7, 97), at(5, 50, 'source-002'), at(6, 52, 'source-002'), at(8, 51, 'source-002')),
      checkNewAnswer(), // the window is still open
      addData(input, at(30, 50, 'source-002')), // moves the watermark to 20 s
      checkNewAnswer({
        alertId: `source-001@${T0}`,
        sourceId: 'source-001',
        eventTime: T0 + 10 * S,
        severity: 'high',
        reason: 'Average 95.0 over 3 readings (threshold 80)',
        avgValue: 95,
      }),
    );
  });
});
