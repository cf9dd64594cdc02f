import { describe, expect, it } from 'vitest';
import { ARTERIAL, net, T0 } from './fixtures.js';
import { LiveTraffic } from './live-traffic.js';

describe('the live traffic view', () => {
  const free = ARTERIAL.lengthM / (ARTERIAL.freeFlowKmh / 3.6);

  it('costs a segment by its newest observed ratio while it is fresh, and ignores an older window arriving late', () => {
    const t = new LiveTraffic(net);
    t.observe(ARTERIAL.index, 0.5, T0);
    t.observe(ARTERIAL.index, 0.9, T0 - 20_000);
    expect(t.cost(T0)(ARTERIAL.index)).toBeCloseTo(free / 0.5, 6);
    expect(t.cost(T0 + 11 * 60_000)(ARTERIAL.index)).toBeCloseTo(free, 6);
  });

  it('closes a blocked segment (infinite cost, or a crawl for the ETA of a route that keeps it) and a crawling one', () => {
    const t = new LiveTraffic(net);
    t.open({ segmentId: ARTERIAL.id, segment: ARTERIAL.index, severity: 'blocked', sinceMs: T0 });
    expect(t.cost(T0)(ARTERIAL.index)).toBe(Number.POSITIVE_INFINITY);
    expect(t.cost(T0, { closedAs: 'crawl' })(ARTERIAL.index)).toBeCloseTo(free / 0.05, 6);
    t.clear(ARTERIAL.index);
    t.observe(ARTERIAL.index, 0.04, T0);
    expect(t.isClosed(ARTERIAL.index, T0 + 1_000)).toBe(true);
    expect(t.isClosed(ARTERIAL.index, T0 + 11 * 60_000)).toBe(false);
  });

  it("makes the reported street near an unconfirmed report expensive, not closed, and only that street's segments", () => {
    const t = new LiveTraffic(net);
    const hit = t.suspect({ lat: ARTERIAL.midLat, lon: ARTERIAL.midLon, street: ARTERIAL.name, reportedAt: T0 }, 600, 60_000);
    expect(hit).toContain(ARTERIAL.index);
    expect(hit.every((i) => net.segments[i]!.name === ARTERIAL.name)).toBe(true);
    expect(t.cost(T0)(ARTERIAL.index)).toBeCloseTo(free / 0.1, 6);
    expect(t.cost(T0 + 61_000)(ARTERIAL.index)).toBeCloseTo(free, 6);
  });

  it('has new routes avoid every open incident and an unconfirmed slowdown: a slow window, or one vehicle crawling along', () => {
    const t = new LiveTraffic(net);
    const avoid = t.cost(T0, { avoid: true });
    expect(avoid(ARTERIAL.index)).toBeCloseTo(free, 6);
    // a major slowdown is expensive for an ETA, but a new route does not use it (it may be a closure seen early)
    t.open({ segmentId: ARTERIAL.id, segment: ARTERIAL.index, severity: 'major', sinceMs: T0 });
    expect(t.cost(T0)(ARTERIAL.index)).toBeCloseTo(free / 0.2, 6);
    expect(t.cost(T0, { avoid: true })(ARTERIAL.index)).toBe(Number.POSITIVE_INFINITY);
    t.clear(ARTERIAL.index);
    // one slow final window, before the detector's second
    t.observe(ARTERIAL.index, 0.35, T0);
    expect(t.avoids(ARTERIAL.index, T0 + 1_000)).toBe(true);
    t.observe(ARTERIAL.index, 0.9, T0 + 20_000);
    expect(t.avoids(ARTERIAL.index, T0 + 21_000)).toBe(false);
  });

  it('takes a crawling ping as a slowdown for 2 minutes, until a faster one; a noisy rush-hour ping is not one', () => {
    const t = new LiveTraffic(net);
    t.spot(ARTERIAL.index, 0.45, T0);
    expect(t.avoids(ARTERIAL.index, T0)).toBe(false);
    expect(t.cost(T0)(ARTERIAL.index)).toBeCloseTo(free, 6);
    t.spot(ARTERIAL.index, 0.06, T0 + 4_000);
    expect(t.avoids(ARTERIAL.index, T0 + 5_000)).toBe(true);
    expect(t.cost(T0 + 5_000)(ARTERIAL.index)).toBeCloseTo(free / 0.06, 6);
    expect(t.avoids(ARTERIAL.index, T0 + 4_000 + 121_000)).toBe(false);
    // an older ping arriving late does not overwrite it; a newer, faster one does
    t.spot(ARTERIAL.index, 0.9, T0 + 1_000);
    expect(t.avoids(ARTERIAL.index, T0 + 5_000)).toBe(true);
    t.spot(ARTERIAL.index, 0.9, T0 + 8_000);
    expect(t.avoids(ARTERIAL.index, T0 + 9_000)).toBe(false);
  });
});
