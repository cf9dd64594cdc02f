/**
 * Geometry at city scale: an equirectangular projection around the city's latitude (error well
 * under 1% over a few kilometres), which is all map matching, routing heuristics and the simulator
 * need. Plain data and pure functions: the dashboard imports it too.
 */

export interface LatLon {
  lat: number;
  lon: number;
}

/** Cologne, on the Rhine: the city the network is laid over. */
export const CITY_CENTRE: LatLon = { lat: 50.9375, lon: 6.9603 };

export const M_PER_DEG_LAT = 111_320;
/** Metres per degree of longitude at the city's latitude (the projection's one constant). */
export const M_PER_DEG_LON = M_PER_DEG_LAT * Math.cos((CITY_CENTRE.lat * Math.PI) / 180);

/**
 * Metres from a to b.
 *
 * @example
 * metersBetween({ lat: 50.93, lon: 6.96 }, { lat: 50.94, lon: 6.96 }); // ~1113
 */
export function metersBetween(a: LatLon, b: LatLon): number {
  return Math.hypot((b.lon - a.lon) * M_PER_DEG_LON, (b.lat - a.lat) * M_PER_DEG_LAT);
}

/**
 * Direction of travel from a to b, degrees clockwise from north in [0, 360).
 *
 * @example
 * headingDeg({ lat: 50.93, lon: 6.96 }, { lat: 50.93, lon: 6.97 }); // 90 (east)
 */
export function headingDeg(a: LatLon, b: LatLon): number {
  const deg = (Math.atan2((b.lon - a.lon) * M_PER_DEG_LON, (b.lat - a.lat) * M_PER_DEG_LAT) * 180) / Math.PI;
  return (deg + 360) % 360;
}

/**
 * The point `meters` from `from` towards `bearingDeg` (0 = north, clockwise).
 *
 * @example
 * offset({ lat: 50.93, lon: 6.96 }, 0, 1113).lat; // ~50.94
 */
export function offset(from: LatLon, bearingDeg: number, meters: number): LatLon {
  const r = (bearingDeg * Math.PI) / 180;
  return { lat: from.lat + (meters * Math.cos(r)) / M_PER_DEG_LAT, lon: from.lon + (meters * Math.sin(r)) / M_PER_DEG_LON };
}

/**
 * Distance from p to the segment a-b and where along it (0..1) the nearest point is.
 *
 * @example
 * pointToSegment({ lat: 50.9301, lon: 6.965 }, { lat: 50.93, lon: 6.96 }, { lat: 50.93, lon: 6.97 }); // { distanceM: ~11, along: 0.5 }
 */
export function pointToSegment(p: LatLon, a: LatLon, b: LatLon): { distanceM: number; along: number } {
  const bx = (b.lon - a.lon) * M_PER_DEG_LON;
  const by = (b.lat - a.lat) * M_PER_DEG_LAT;
  const px = (p.lon - a.lon) * M_PER_DEG_LON;
  const py = (p.lat - a.lat) * M_PER_DEG_LAT;
  const len2 = bx * bx + by * by;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, (px * bx + py * by) / len2));
  return { distanceM: Math.hypot(px - t * bx, py - t * by), along: t };
}

/**
 * The smallest angle between two headings, 0..180 degrees.
 *
 * @example
 * angleBetween(350, 10); // 20
 */
export function angleBetween(a: number, b: number): number {
  const d = Math.abs(a - b) % 360;
  return d > 180 ? 360 - d : d;
}
