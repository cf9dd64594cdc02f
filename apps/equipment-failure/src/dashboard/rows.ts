/**
 * What the stoppage and sensor-health tables show, from the rows the dashboard has received
 * (pure, no DOM). Update mode sends a stoppage again each time it grows, and sensor health sends
 * every change of status: the tables show one row per stoppage and per sensor.
 */
import type { DowntimeRow } from '../pipelines/downtime.js';
import type { SensorHealth } from '../pipelines/sensor-health.js';

/**
 * A machine tile's remaining life: `> horizon` when no failure mode is trending to its threshold,
 * never `0 ms` when one has reached it.
 *
 * @example
 * rulText(0); // 'RUL 0: at threshold'
 */
export function rulText(rulMs: number | null): string {
  if (rulMs === null) return 'RUL > horizon';
  if (rulMs <= 0) return 'RUL 0: at threshold';
  return `RUL ${rulMs < 60_000 ? `${Math.round(rulMs / 1000)} s` : `${(rulMs / 60_000).toFixed(rulMs < 600_000 ? 1 : 0)} min`}`;
}

/**
 * One row per stoppage: of the versions of a machine's session whose windows overlap (a session
 * that grew or merged), the longest; newest first.
 *
 * @example
 * latestStoppages([a, aGrown]); // [aGrown]
 */
export function latestStoppages(rows: readonly DowntimeRow[], max = Number.POSITIVE_INFINITY): DowntimeRow[] {
  const kept = new Map<string, DowntimeRow[]>();
  for (const r of [...rows].sort((a, b) => b.downMs - a.downMs || b.records - a.records)) {
    const mine = kept.get(r.machineId) ?? [];
    const w = r.session_window;
    if (mine.some((k) => k.session_window.start < w.end && w.start < k.session_window.end)) continue;
    mine.push(r);
    kept.set(r.machineId, mine);
  }
  return [...kept.values()]
    .flat()
    .sort((a, b) => b.session_window.start - a.session_window.start || a.machineId.localeCompare(b.machineId))
    .slice(0, max);
}

/**
 * The current status of each (machine, sensor) that has reported one: the latest change, the
 * sensors not `ok` first, then the most recent.
 *
 * @example
 * latestSensorHealth([stuck, ok])[0].status; // 'ok' (the sensor's latest change)
 */
export function latestSensorHealth(rows: readonly SensorHealth[], max = Number.POSITIVE_INFINITY): SensorHealth[] {
  const latest = new Map<string, SensorHealth>();
  for (const r of rows) {
    const k = `${r.machineId}/${r.sensor}`;
    const prev = latest.get(k);
    if (!prev || r.eventTime >= prev.eventTime) latest.set(k, r);
  }
  return [...latest.values()]
    .sort((a, b) => Number(a.status === 'ok') - Number(b.status === 'ok') || b.since - a.since || a.machineId.localeCompare(b.machineId))
    .slice(0, max);
}
