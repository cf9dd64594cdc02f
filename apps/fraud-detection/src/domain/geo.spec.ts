import { describe, expect, it } from 'vitest';
import { haversineKm, speedKmh } from './geo.js';

describe('haversineKm', () => {
  it('measures Paris to London at about 344 km', () => {
    expect(haversineKm({ lat: 48.8566, lon: 2.3522 }, { lat: 51.5074, lon: -0.1278 })).toBeCloseTo(343.5, 0);
  });

  it('is zero for the same point and symmetric', () => {
    const madrid = { lat: 40.4168, lon: -3.7038 };
    const berlin = { lat: 52.52, lon: 13.405 };
    expect(haversineKm(madrid, madrid)).toBe(0);
    expect(haversineKm(madrid, berlin)).toBeCloseTo(haversineKm(berlin, madrid), 9);
    expect(haversineKm(madrid, berlin)).toBeCloseTo(1869, -1);
  });
});

describe('speedKmh', () => {
  it('divides distance by elapsed hours, in either order', () => {
    const a = { lat: 0, lon: 0, time: 0 };
    const b = { lat: 0, lon: 1, time: 3_600_000 };
    expect(speedKmh(a, b)).toBeCloseTo(111.19, 1);
    expect(speedKmh(b, a)).toBeCloseTo(111.19, 1);
  });

  it('is infinite for two places at the same instant, zero for one place', () => {
    expect(speedKmh({ lat: 0, lon: 0, time: 5 }, { lat: 1, lon: 0, time: 5 })).toBe(Number.POSITIVE_INFINITY);
    expect(speedKmh({ lat: 1, lon: 1, time: 5 }, { lat: 1, lon: 1, time: 5 })).toBe(0);
  });
});
