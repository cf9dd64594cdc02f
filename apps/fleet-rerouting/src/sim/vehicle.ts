/**
 * A simulated vehicle: where it is, where it heads, and how it moves between two reports (shared by
 * the model and its scenarios).
 */
import type { Position } from '../domain/position.js';
import { CITY, inZone, metersBetween, offset, RESTRICTED_ZONE } from '../domain/zone.js';

/** One vehicle (the entity's state, updated as it moves). */
export interface Vehicle {
  vehicleId: string;
  lat: number;
  lon: number;
  /** Direction of travel, radians clockwise from north. */
  headingRad: number;
  /** Its usual speed. */
  cruiseKmh: number;
  /** Event time of its last report (0 before the first). */
  lastMs: number;
}

/** The zone ordinary vehicles keep out of, with a margin so that GPS noise never puts them in it. */
const KEEP_OUT = { ...RESTRICTED_ZONE, radiusM: RESTRICTED_ZONE.radiusM * 1.5 };

/** Direction from `from` to `to`, radians clockwise from north. */
const bearing = (from: { lat: number; lon: number }, to: { lat: number; lon: number }) =>
  Math.atan2((to.lon - from.lon) * Math.cos((from.lat * Math.PI) / 180), to.lat - from.lat);

/** Seconds since the vehicle's last report (at most a minute). */
const secondsSince = (v: Vehicle, now: number) => (v.lastMs === 0 ? 0 : Math.min(60, (now - v.lastMs) / 1000));

/**
 * Drives `v` at `speedKmh` along its heading until `now`: it turns back at the city's edge and in
 * front of the restricted zone (a vehicle already inside drives out).
 *
 * @example
 * drive(vehicle, 30, ctx.now); // vehicle.lat, vehicle.lon moved
 */
export function drive(v: Vehicle, speedKmh: number, now: number): void {
  if (inZone(v, KEEP_OUT)) v.headingRad = bearing(RESTRICTED_ZONE, v);
  const next = offset(v, v.headingRad, (speedKmh / 3.6) * secondsSince(v, now));
  const outside = next.lon < CITY.minLon || next.lon > CITY.maxLon || next.lat < CITY.minLat || next.lat > CITY.maxLat;
  if (outside || (inZone(next, KEEP_OUT) && !inZone(v, KEEP_OUT))) v.headingRad += Math.PI;
  else Object.assign(v, next);
  v.lastMs = now;
}

/**
 * Moves `v` up to `maxM` metres straight towards `target` by `now`.
 *
 * @example
 * approach(vehicle, RESTRICTED_ZONE, 120, ctx.now);
 */
export function approach(v: Vehicle, target: { lat: number; lon: number }, maxM: number, now: number): void {
  v.headingRad = bearing(v, target);
  Object.assign(v, metersBetween(v, target) <= maxM ? { lat: target.lat, lon: target.lon } : offset(v, v.headingRad, maxM));
  v.lastMs = now;
}

/**
 * The vehicle's position report.
 *
 * @example
 * position(vehicle, 31.4, { now: 0, seq: 7 }); // { positionId: 'p-7', vehicleId, lat, lon, speedKmh: 31, eventTime: 0 }
 */
export function position(v: Vehicle, speedKmh: number, ctx: { now: number; seq: number }): Position {
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  return { positionId: `p-${ctx.seq}`, vehicleId: v.vehicleId, lat: round(v.lat), lon: round(v.lon), speedKmh: Math.round(speedKmh), eventTime: ctx.now };
}
