/** Great-circle geometry for the impossible-travel rule and the map. */
export interface GeoPoint {
  lat: number;
  lon: number;
}

const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

/**
 * Great-circle distance in kilometres (haversine formula).
 *
 * @example
 * haversineKm({ lat: 48.8566, lon: 2.3522 }, { lat: 51.5074, lon: -0.1278 }); // ≈ 343.5 (Paris–London)
 */
export function haversineKm(a: GeoPoint, b: GeoPoint): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(s)));
}

/**
 * Speed in km/h needed to cover the distance between two points in the time between them.
 * Two points at the same instant give `Infinity` when apart and 0 when at the same place.
 *
 * @example
 * speedKmh({ lat: 0, lon: 0, time: 0 }, { lat: 0, lon: 1, time: 3_600_000 }); // ≈ 111.2
 */
export function speedKmh(a: GeoPoint & { time: number }, b: GeoPoint & { time: number }): number {
  const km = haversineKm(a, b);
  const hours = Math.abs(b.time - a.time) / 3_600_000;
  if (hours === 0) return km === 0 ? 0 : Number.POSITIVE_INFINITY;
  return km / hours;
}
