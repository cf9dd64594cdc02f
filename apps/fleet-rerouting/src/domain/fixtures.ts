/**
 * Test fixtures: the seed-1 city and pings placed exactly on its segments (no noise), so a spec
 * says "a van on segment 12, halfway, at 40 km/h" and the pipelines see a realistic record.
 */
import { cityNetwork } from './city.js';
import { headingDeg } from './geo.js';
import type { Ping } from './ping.js';

export const net = cityNetwork(1);
/** Monday 5 January 2026, 10:00 UTC: between the rush hours. */
export const T0 = Date.UTC(2026, 0, 5, 10, 0);
export const S = 1000;

/** The first arterial segment that is not at the city's edge, and one of its neighbours across an intersection. */
export const ARTERIAL = net.segments.find((s) => s.kind === 'arterial')!;

let seq = 0;

/**
 * A ping on `segment`, `along` (0..1) from its `from` node, driving towards `to` (or back with `reverse`).
 *
 * @example
 * pingOn(ARTERIAL.index, 0.5, T0, { speedKmh: 12 });
 */
export function pingOn(segment: number, along: number, eventTime: number, over: Partial<Ping> & { reverse?: boolean } = {}): Ping {
  const s = net.segments[segment]!;
  const a = net.nodes[s.from]!;
  const b = net.nodes[s.to]!;
  const { reverse = false, ...rest } = over;
  const lat = a.lat + (b.lat - a.lat) * along;
  const lon = a.lon + (b.lon - a.lon) * along;
  return {
    pingId: `p-${++seq}`,
    vehicleId: 'van-001',
    lat,
    lon,
    speedKmh: 40,
    headingDeg: Math.round(reverse ? headingDeg(b, a) : headingDeg(a, b)),
    eventTime,
    job: null,
    stopped: false,
    delivered: null,
    ...rest,
  };
}
