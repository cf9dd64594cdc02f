import { describe, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, checkNewAnswer, testStream } from '@streamlab/core/testing';
import type { Position } from '../domain/position.js';
import { offset, RESTRICTED_ZONE } from '../domain/zone.js';
import { zoneAlerts, zoneVisits } from './zone-alerts.js';

const T0 = Date.parse('2026-01-05T00:00:00Z');
const S = 1000;
let seq = 0;
const inside = offset(RESTRICTED_ZONE, 0, 50);
const outside = offset(RESTRICTED_ZONE, 0, 500);
const at = (seconds: number, where: { lat: number; lon: number }, vehicleId = 'vehicle-01'): Position => ({
  positionId: `p-${seq++}`,
  vehicleId,
  ...where,
  speedKmh: 10,
  eventTime: T0 + seconds * S,
});
const w = (startS: number) => ({ start: T0 + startS * S, end: T0 + (startS + 20) * S });

describe('zoneVisits (filter, then a keyed tumbling window)', () => {
  it('counts only the positions inside the zone, once the watermark passes the window end', async () => {
    const input = new MemoryStream<Position>();
    await testStream(zoneVisits(input.toStream()), 'append')(
      addData(input, at(1, outside), at(3, inside), at(5, inside), at(7, outside), at(9, outside, 'vehicle-02')),
      checkNewAnswer(), // the watermark is 0 s: the window is open
      addData(input, at(31, outside, 'vehicle-02')), // moves the watermark to 21 s
      checkNewAnswer({ window: w(0), vehicleId: 'vehicle-01', inside: 2, lat: inside.lat, lon: inside.lon }),
    );
  });
});

describe('zoneAlerts', () => {
  it('alerts on a vehicle inside for two positions, not on one that only crossed the edge once', async () => {
    const input = new MemoryStream<Position>();
    await testStream(zoneAlerts(input.toStream()), 'append')(
      addData(input, at(2, inside), at(4, inside), at(3, inside, 'vehicle-02'), at(6, outside, 'vehicle-02'), at(40, outside, 'vehicle-03')),
      checkNewAnswer({
        alertId: `vehicle-01@${T0}`,
        vehicleId: 'vehicle-01',
        eventTime: T0 + 20 * S,
        severity: 'medium',
        reason: 'In Dam square: 2 positions in 20 s (from 2)',
        lat: inside.lat,
        lon: inside.lon,
      }),
    );
  });
});
