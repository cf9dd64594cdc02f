import { describe, expect, it } from 'vitest';
import { positionSchema } from './position.js';

const p = { positionId: 'p-1', vehicleId: 'vehicle-01', lat: 52.37, lon: 4.89, speedKmh: 30 };

describe('positionSchema', () => {
  it('parses epoch ms and ISO-8601 event times to epoch ms', () => {
    expect(positionSchema.parse({ ...p, eventTime: 1_767_571_200_000 }).eventTime).toBe(1_767_571_200_000);
    expect(positionSchema.parse({ ...p, eventTime: '2026-01-05T00:00:00Z' }).eventTime).toBe(Date.parse('2026-01-05T00:00:00Z'));
  });

  it('rejects a position off the globe or without a vehicle', () => {
    expect(positionSchema.safeParse({ ...p, lat: 91, eventTime: 0 }).success).toBe(false);
    expect(positionSchema.safeParse({ ...p, lon: -181, eventTime: 0 }).success).toBe(false);
    expect(positionSchema.safeParse({ ...p, vehicleId: '', eventTime: 0 }).success).toBe(false);
  });
});
