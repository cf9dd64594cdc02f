import { describe, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, checkNewAnswer, testStream } from '@streamlab/core/testing';
import type { Position } from '../domain/position.js';
import { latestPositions } from './latest-positions.js';

const T0 = Date.parse('2026-01-05T00:00:00Z');
const at = (seconds: number, vehicleId: string, lat: number, speedKmh = 30): Position => ({
  positionId: `${vehicleId}-${seconds}`,
  vehicleId,
  lat,
  lon: 4.89,
  speedKmh,
  eventTime: T0 + seconds * 1000,
});

describe('latestPositions (update mode, no window)', () => {
  it('emits each vehicle whose position changed in a batch, with its last report', async () => {
    const input = new MemoryStream<Position>();
    await testStream(latestPositions(input.toStream()), 'update')(
      addData(input, at(1, 'vehicle-01', 52.37), at(2, 'vehicle-01', 52.371, 35), at(1, 'vehicle-02', 52.36)),
      checkNewAnswer(
        { vehicleId: 'vehicle-01', lat: 52.371, lon: 4.89, speedKmh: 35, eventTime: T0 + 2000 },
        { vehicleId: 'vehicle-02', lat: 52.36, lon: 4.89, speedKmh: 30, eventTime: T0 + 1000 },
      ),
      addData(input, at(5, 'vehicle-02', 52.362, 0)),
      checkNewAnswer({ vehicleId: 'vehicle-02', lat: 52.362, lon: 4.89, speedKmh: 0, eventTime: T0 + 5000 }),
    );
  });
});
