import { describe, expect, it } from 'vitest';
import { geofence, type ZoneWindow } from './geofence.js';

const win = (inside: number): ZoneWindow => ({ window: { start: 0, end: 20_000 }, vehicleId: 'vehicle-07', inside, lat: 52.373, lon: 4.893 });

describe('geofence', () => {
  it('raises a medium alert from two positions inside and a high one from highFrom', () => {
    expect(geofence(win(2), 'Dam square')).toEqual({
      alertId: 'vehicle-07@0',
      vehicleId: 'vehicle-07',
      eventTime: 20_000,
      severity: 'medium',
      reason: 'In Dam square: 2 positions in 20 s (from 2)',
      lat: 52.373,
      lon: 4.893,
    });
    expect(geofence(win(6), 'Dam square')?.severity).toBe('high');
  });

  it('takes one stray position inside for noise', () => {
    expect(geofence(win(1), 'Dam square')).toBeNull();
  });

  it('takes its thresholds as configuration', () => {
    expect(geofence(win(1), 'Dam square', { minInside: 1, highFrom: 10 })?.severity).toBe('medium');
  });
});
