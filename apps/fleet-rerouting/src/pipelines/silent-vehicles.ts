/**
 * 7. Vehicles that stopped reporting (processing-time timeout). Each ping resets the vehicle's
 * timeout; when it fires (no ping for `silentAfter` of wall-clock time) the vehicle is reported
 * silent, with where it was last seen, and reported back when it pings again. Processing time,
 * not event time: a vehicle that sends nothing moves no watermark.
 */
import type { Duration, GroupState, Stream } from '@streamlab/core';
import type { Ping } from '../domain/ping.js';

export interface VehicleSilence {
  vehicleId: string;
  status: 'silent' | 'back';
  lastSeenMs: number;
  lat: number;
  lon: number;
}

interface LastSeen {
  lastSeenMs: number;
  lat: number;
  lon: number;
  silent: boolean;
}

/**
 * @example
 * silentVehicles(pings, '1 minute'); // append mode
 */
export function silentVehicles(pings: Stream<Ping>, silentAfter: Duration): Stream<VehicleSilence> {
  return pings
    .groupByKey((p) => p.vehicleId)
    .flatMapGroupsWithState(
      (vehicleId: string, rows: Ping[], state: GroupState<LastSeen>): VehicleSilence[] => {
        if (state.hasTimedOut) {
          const s = state.get();
          // stays silent without a timeout until it pings again
          state.update({ ...s, silent: true });
          return [{ vehicleId, status: 'silent', lastSeenMs: s.lastSeenMs, lat: s.lat, lon: s.lon }];
        }
        let p = rows[0]!;
        for (const r of rows) if (r.eventTime > p.eventTime) p = r;
        const prev = state.getOption();
        const seen: LastSeen =
          prev && prev.lastSeenMs > p.eventTime ? { ...prev, silent: false } : { lastSeenMs: p.eventTime, lat: p.lat, lon: p.lon, silent: false };
        state.update(seen);
        state.setTimeoutDuration(silentAfter);
        return prev?.silent ? [{ vehicleId, status: 'back', lastSeenMs: seen.lastSeenMs, lat: seen.lat, lon: seen.lon }] : [];
      },
      { outputMode: 'append', timeout: 'processingTime' },
    );
}
