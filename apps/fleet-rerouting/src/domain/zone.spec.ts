import { describe, expect, it } from 'vitest';
import { inZone, metersBetween, offset, RESTRICTED_ZONE, zoneOutline } from './zone.js';

describe('zone geometry', () => {
  it('measures metres at city scale', () => {
    expect(metersBetween({ lat: 52.37, lon: 4.89 }, { lat: 52.38, lon: 4.89 })).toBeCloseTo(1113.2, 0);
    // a degree of longitude is shorter than one of latitude this far north
    expect(metersBetween({ lat: 52.37, lon: 4.89 }, { lat: 52.37, lon: 4.9 })).toBeCloseTo(680, -1);
  });

  it('finds points inside the zone, its edge included, and not beyond', () => {
    expect(inZone(RESTRICTED_ZONE, RESTRICTED_ZONE)).toBe(true);
    expect(inZone(offset(RESTRICTED_ZONE, 1, 199), RESTRICTED_ZONE)).toBe(true);
    expect(inZone(offset(RESTRICTED_ZONE, 1, 201), RESTRICTED_ZONE)).toBe(false);
  });

  it('draws a closed outline on the zone edge', () => {
    const line = zoneOutline(RESTRICTED_ZONE, 8);
    expect(line).toHaveLength(9);
    expect(line[0]![0]).toBeCloseTo(line[8]![0], 9);
    for (const [lon, lat] of line) expect(metersBetween({ lat, lon }, RESTRICTED_ZONE)).toBeCloseTo(200, 0);
  });
});
