/**
 * Where things are: the city the vehicles drive in and the restricted zone they must not enter,
 * with the little geometry the rule and the map need. Distances use an equirectangular projection
 * (error well under 1% at city scale). Plain data and pure functions: the dashboard imports it too.
 */

/** A circular zone: its centre (WGS 84 degrees) and radius. */
export interface Zone {
  name: string;
  lat: number;
  lon: number;
  radiusM: number;
}

/** The area the vehicles drive in (central Amsterdam). */
export const CITY = { minLon: 4.86, minLat: 52.355, maxLon: 4.93, maxLat: 52.387 };

/** The restricted zone: Dam square and the streets around it. */
export const RESTRICTED_ZONE: Zone = { name: 'Dam square', lat: 52.3731, lon: 4.8926, radiusM: 200 };

const M_PER_DEG_LAT = 111_320;

/**
 * Metres from a to b.
 *
 * @example
 * metersBetween({ lat: 52.37, lon: 4.89 }, { lat: 52.38, lon: 4.89 }); // ~1113
 */
export function metersBetween(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const dy = (b.lat - a.lat) * M_PER_DEG_LAT;
  const dx = (b.lon - a.lon) * M_PER_DEG_LAT * Math.cos((((a.lat + b.lat) / 2) * Math.PI) / 180);
  return Math.hypot(dx, dy);
}

/**
 * Whether a point is inside the zone (its edge included).
 *
 * @example
 * inZone({ lat: 52.3731, lon: 4.8926 }, RESTRICTED_ZONE); // true
 */
export function inZone(p: { lat: number; lon: number }, zone: Zone): boolean {
  return metersBetween(p, zone) <= zone.radiusM;
}

/**
 * The point `meters` from `from` towards `bearingRad` (0 = north, clockwise).
 *
 * @example
 * offset({ lat: 52.37, lon: 4.89 }, 0, 1113).lat; // ~52.38
 */
export function offset(from: { lat: number; lon: number }, bearingRad: number, meters: number): { lat: number; lon: number } {
  const lat = from.lat + (meters * Math.cos(bearingRad)) / M_PER_DEG_LAT;
  const lon = from.lon + (meters * Math.sin(bearingRad)) / (M_PER_DEG_LAT * Math.cos((from.lat * Math.PI) / 180));
  return { lat, lon };
}

/**
 * The zone's outline as a closed polyline of [lon, lat] points, for the map.
 *
 * @example
 * zoneOutline(RESTRICTED_ZONE, 4).length; // 5
 */
export function zoneOutline(zone: Zone, points = 36): [number, number][] {
  const line: [number, number][] = [];
  for (let i = 0; i <= points; i++) {
    const p = offset(zone, (2 * Math.PI * i) / points, zone.radiusM);
    line.push([p.lon, p.lat]);
  }
  return line;
}
