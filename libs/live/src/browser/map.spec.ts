import { describe, expect, it } from 'vitest';
import { projection } from './map.js';

describe('projection', () => {
  const bbox = { minLon: 4.8, minLat: 52.3, maxLon: 5.0, maxLat: 52.4 };

  it('maps the box corners to the viewBox corners, north up', () => {
    const p = projection(bbox, 800);
    expect(p.project(4.8, 52.4)).toEqual([0, 0]);
    const [x, y] = p.project(5.0, 52.3);
    expect(x).toBeCloseTo(800);
    expect(y).toBeCloseTo(p.height);
  });

  it('keeps the aspect of the ground: a degree of longitude is shorter than one of latitude', () => {
    const p = projection(bbox, 800);
    // 0.2 deg lon x cos(52.35 deg) ~ 0.122 deg, against 0.1 deg lat: the box is wider than tall.
    expect(p.height).toBeGreaterThan(600);
    expect(p.height).toBeLessThan(700);
  });
});
