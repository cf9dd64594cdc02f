/**
 * Teleports (arbitrary state per vehicle): a fix that passes the schema but is kilometres from the
 * vehicle's last one, further than any van could drive in between, is a receiver fault. Only the
 * vehicle's history shows it, so the schema cannot: this query keeps the last good fix per vehicle
 * and emits each impossible jump as a dead letter, with its reason (the live run writes them to
 * the pings' dead-letter topic beside the records that did not decode).
 */
import type { GroupState, Stream } from '@streamlab/core';
import { metersBetween } from '../domain/geo.js';
import { MAX_SPEED_KMH, type Ping } from '../domain/ping.js';

/** Where a record was read: its topic, partition and offset. */
export interface RecordOrigin {
  topic: string;
  partition: number;
  offset: number;
}

export interface RejectedPing {
  pingId: string;
  vehicleId: string;
  reason: string;
  /** The ping as it was sent. */
  ping: Ping;
  /** Where it was read, when the reader kept it (the live run's does: its dead letter names the place). */
  origin: RecordOrigin | null;
}

interface LastFix {
  lat: number;
  lon: number;
  eventTime: number;
}

/** Jumps under this are GPS noise whatever the time between them. */
const NOISE_M = 300;

/**
 * @example
 * teleports(pings); // append mode: Stream<RejectedPing>
 */
export function teleports<P extends Ping & { origin?: RecordOrigin }>(pings: Stream<P>): Stream<RejectedPing> {
  return pings
    .groupByKey((p) => p.vehicleId)
    .flatMapGroupsWithState(
      (vehicleId: string, rows: P[], state: GroupState<LastFix>): RejectedPing[] => {
        const out: RejectedPing[] = [];
        let last = state.getOption();
        for (const p of [...rows].sort((a, b) => a.eventTime - b.eventTime)) {
          if (last) {
            const m = metersBetween(last, p);
            const s = Math.max(1, Math.abs(p.eventTime - last.eventTime) / 1000);
            const kmh = (m / s) * 3.6;
            if (m > NOISE_M && kmh > MAX_SPEED_KMH) {
              const { origin, ...ping } = p;
              out.push({
                pingId: p.pingId,
                vehicleId,
                reason: `teleport: ${(m / 1000).toFixed(1)} km in ${Math.round(s)} s (${Math.round(kmh)} km/h)`,
                ping,
                origin: origin ?? null,
              });
              continue;
            }
          }
          if (!last || p.eventTime >= last.eventTime) last = { lat: p.lat, lon: p.lon, eventTime: p.eventTime };
        }
        if (last) state.update(last);
        return out;
      },
      { outputMode: 'append', timeout: 'none' },
    );
}
