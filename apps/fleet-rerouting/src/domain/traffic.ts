/**
 * Traffic as the simulator drives it: free flow at night, two rush hours on weekdays (08:00 and
 * 17:30, local time), and the incidents that slow or block a segment. Pure: the same hour and
 * incidents give the same speed.
 */
import type { IncidentKind } from './ping.js';

/** Cologne is UTC+1 in winter; close enough for the shape of a day. */
const LOCAL_OFFSET_MS = 3_600_000;

const bump = (h: number, centre: number, width: number) => Math.exp(-(((h - centre) / width) ** 2));

/**
 * Share of free-flow speed that everyday traffic leaves at `timeMs` (0.55 at the peak of a rush hour, 1 at night).
 *
 * @example
 * rushHourFactor(Date.parse('2026-12-07T07:00:00Z')); // ~0.56 (08:00 local)
 */
export function rushHourFactor(timeMs: number): number {
  const local = timeMs + LOCAL_OFFSET_MS;
  const day = new Date(local).getUTCDay();
  const h = (local % 86_400_000) / 3_600_000;
  const weekday = day >= 1 && day <= 5;
  const load = (weekday ? 1 : 0.35) * Math.max(bump(h, 8, 1.1), 0.9 * bump(h, 17.5, 1.4)) + 0.12 * bump(h, 13, 3);
  return 1 - 0.45 * Math.min(1, load);
}

/** Share of the usual speed an incident leaves on its segment (a closure lets vehicles crawl out). */
export const INCIDENT_SPEED_FACTOR: Record<IncidentKind, number> = { crash: 0.18, roadworks: 0.3, closure: 0.06 };
