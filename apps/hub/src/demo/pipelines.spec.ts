import { describe, expect, it } from 'vitest';
import { alertFor } from './pipelines.js';
import type { BikeReading } from './simulator.js';

const reading = (r: Partial<BikeReading>): BikeReading => ({ ts: 1, bike: 'bike-01', zone: 'center', lon: 4.9, lat: 52.37, speedKmh: 20, battery: 50, ...r });

describe('alertFor', () => {
  it('flags speeding, high severity from 40 km/h', () => {
    expect(alertFor(reading({ speedKmh: 34 }))).toMatchObject({ severity: 'medium', reason: 'Speeding: 34 km/h in the center', bike: 'bike-01', ts: 1 });
    expect(alertFor(reading({ speedKmh: 40 }))?.severity).toBe('high');
  });

  it('flags a low battery', () => {
    expect(alertFor(reading({ battery: 5 }))).toMatchObject({ severity: 'low', reason: 'Battery at 5%' });
  });

  it('says nothing about a normal reading', () => {
    expect(alertFor(reading({ speedKmh: 33.9, battery: 6 }))).toBeNull();
  });
});
