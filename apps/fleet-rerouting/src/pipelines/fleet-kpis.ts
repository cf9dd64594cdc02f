/**
 * 8. Fleet KPIs (tumbling event-time windows of one minute): pings, vehicles reporting, their mean
 * speed, deliveries made, of which on time, and delay minutes. Update mode: the dashboard sees the
 * current minute fill up and sums the minutes for its tiles.
 */
import { approxCountDistinct, avg, count, type Stream, sum, window } from '@streamlab/core';
import type { Ping } from '../domain/ping.js';

export const KPI_WINDOW = '1 minute';

/**
 * @example
 * fleetKpis(pings.withWatermark('eventTime', '15 seconds')); // rows: { window, pings, vehicles, meanKmh, deliveries, onTime, delayMin }
 */
export function fleetKpis(pings: Stream<Ping>) {
  return pings
    .withColumn('delivery', (p) => (p.delivered ? 1 : 0))
    .withColumn('onTime', (p) => (p.delivered && p.delivered.lateMin === 0 ? 1 : 0))
    .withColumn('lateMin', (p) => p.delivered?.lateMin ?? 0)
    .groupBy(window('eventTime', KPI_WINDOW))
    .agg({
      pings: count(),
      vehicles: approxCountDistinct('vehicleId'),
      meanKmh: avg('speedKmh'),
      deliveries: sum('delivery'),
      onTime: sum('onTime'),
      delayMin: sum('lateMin'),
    });
}

export type FleetKpiRow = ReturnType<typeof fleetKpis> extends Stream<infer R> ? R : never;
