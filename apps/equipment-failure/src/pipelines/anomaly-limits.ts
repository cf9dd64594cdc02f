/**
 * Pipeline 2b, anomaly scores against the catalog's rated limits. Concept: a stream-static join.
 * The catalog's limits are reference data, one row per (machine, sensor); each statistics window
 * is joined with its row and scored as the share of the way from nominal to the rating (0 at
 * nominal, 1 at the limit). A window whose mean is past the rating is a breach: the machine runs
 * outside its datasheet whatever its own history says.
 */
import { staticTable, type Stream } from '@streamlab/core';
import type { LimitRow, Sensor } from '../domain/catalog.js';
import type { SensorStatsRow } from './sensor-stats.js';

export interface LimitScore {
  machineId: string;
  sensor: Sensor;
  eventTime: number;
  mean: number;
  nominal: number;
  limit: number;
  /** (mean - nominal) / (limit - nominal): 1 at the rating, above 1 past it. */
  usage: number;
}

/**
 * Every statistics window scored against the machine's rated limit for that sensor.
 *
 * @example
 * limitScores(stats, catalog.limits).filter((s) => s.usage >= 1); // breaches
 */
export function limitScores(stats: Stream<SensorStatsRow>, limits: readonly LimitRow[]): Stream<LimitScore> {
  const joined = stats.join(staticTable([...limits], { name: 'rated-limits' }), ['machineId', 'sensor']);
  return joined.flatMap(toScore);
}

function toScore(r: SensorStatsRow & LimitRow): LimitScore[] {
  if (r.mean === null) return [];
  const usage = (r.mean - r.nominal) / (r.limit - r.nominal);
  return [{ machineId: r.machineId, sensor: r.sensor, eventTime: r.eventTime, mean: r.mean, nominal: r.nominal, limit: r.limit, usage }];
}

/** A rated limit exceeded, as an alert. */
export interface LimitBreach extends LimitScore {
  alertId: string;
}

/**
 * The windows past their rating (usage >= 1).
 *
 * @example
 * limitBreaches(stats, catalog.limits).writeStream.outputMode('append');
 */
export function limitBreaches(stats: Stream<SensorStatsRow>, limits: readonly LimitRow[]): Stream<LimitBreach> {
  return limitScores(stats, limits).flatMap((s) => (s.usage >= 1 ? [{ ...s, alertId: `limit:${s.machineId}:${s.sensor}@${s.eventTime}` }] : []));
}
