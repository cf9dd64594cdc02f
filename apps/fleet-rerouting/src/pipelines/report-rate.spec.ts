import { describe, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, checkNewAnswer, testStream } from '@streamlab/core/testing';
import type { Position } from '../domain/position.js';
import { reportRate } from './report-rate.js';

const T0 = Date.parse('2026-01-05T00:00:00Z');
const at = (seconds: number, vehicleId: string): Position => ({
  positionId: `${vehicleId}-${seconds}`,
  vehicleId,
  lat: 52.37,
  lon: 4.89,
  speedKmh: 30,
  eventTime: T0 + seconds * 1000,
});
const w = (startS: number) => ({ start: T0 + startS * 1000, end: T0 + (startS + 10) * 1000 });

describe('reportRate (update mode)', () => {
  it('counts every vehicle into one row per window, and ignores a report later than the watermark', async () => {
    const input = new MemoryStream<Position>();
    await testStream(reportRate(input.toStream()), 'update')(
      addData(input, at(1, 'a'), at(2, 'b'), at(12, 'a')),
      checkNewAnswer({ window: w(0), reports: 2 }, { window: w(10), reports: 1 }),
      addData(input, at(31, 'b')), // the watermark moves to 21 s
      checkNewAnswer({ window: w(30), reports: 1 }),
      addData(input, at(5, 'c')), // too late for the closed window [0 s, 10 s)
      checkNewAnswer(),
    );
  });
});
