/**
 * The rule: a vehicle seen inside the restricted zone raises an alert. One stray GPS fix is noise,
 * so it takes `minInside` positions inside in one window. A plain, pure function, tested on its
 * own; the pipeline only wires it into the engine. YOUR RULES GO HERE: one file per rule, its spec
 * beside it.
 */

/** What the windowed query gives the rule: one vehicle's positions inside the zone over one window. */
export interface ZoneWindow {
  window: { start: number; end: number };
  vehicleId: string;
  /** Positions inside the zone in the window. */
  inside: number;
  /** The last of them. */
  lat: number;
  lon: number;
}

export type Severity = 'high' | 'medium';

/** An alert, as the dashboard's feed, its map and the landing tile show it. */
export interface Alert {
  alertId: string;
  vehicleId: string;
  /** Event time of the alert: the end of its window (epoch ms). */
  eventTime: number;
  severity: Severity;
  reason: string;
  lat: number;
  lon: number;
}

/** Thresholds of the rule (behaviour as data). */
export interface GeofenceConfig {
  /** Positions inside the zone in one window from which a vehicle raises an alert. */
  minInside: number;
  /** Positions inside from which the alert is `high` (else `medium`): the vehicle stays. */
  highFrom: number;
}

export const DEFAULT_GEOFENCE: GeofenceConfig = { minInside: 2, highFrom: 6 };

/**
 * The alert for a window, or null.
 *
 * @example
 * geofence({ window: { start: 0, end: 20_000 }, vehicleId: 'vehicle-07', inside: 8, lat: 52.373, lon: 4.893 }, 'Dam square');
 * // { severity: 'high', reason: 'In Dam square: 8 positions in 20 s (from 2)', ... }
 */
export function geofence(w: ZoneWindow, zoneName: string, config: GeofenceConfig = DEFAULT_GEOFENCE): Alert | null {
  if (w.inside < config.minInside) return null;
  return {
    alertId: `${w.vehicleId}@${w.window.start}`,
    vehicleId: w.vehicleId,
    eventTime: w.window.end,
    severity: w.inside >= config.highFrom ? 'high' : 'medium',
    reason: `In ${zoneName}: ${w.inside} positions in ${Math.round((w.window.end - w.window.start) / 1000)} s (from ${config.minInside})`,
    lat: w.lat,
    lon: w.lon,
  };
}
