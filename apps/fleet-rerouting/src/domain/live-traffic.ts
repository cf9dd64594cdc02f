/**
 * What the fleet knows about the roads right now: the latest congestion ratio of each segment (from
 * the segment-speed query), the newest spot speed (a single moving vehicle's ping), the incidents
 * the detector holds open, and the segments known to be closed. The queries that keep it up to date
 * write it from their sinks; the rerouting and ETA queries read it. It is a side input, as a
 * broadcast table is in Spark: read-only for its readers, swapped per batch by its one writer per
 * kind, never shared between runs.
 *
 * Not checkpointed, on purpose: the live run keeps no checkpoints (its readers start at the end of
 * each topic, its simulator starts a new day with a new fleet), so a view restored from the last run
 * would describe roads that no longer exist, with incidents that the detector, starting with empty
 * state, would never clear. It fills again from the first windows (a minute of event time).
 */
import { metersBetween } from './geo.js';
import type { SegmentCost } from './routing.js';
import type { RoadNetwork } from './network.js';

/** A window under this share of free flow is a slowdown (the detector opens an incident after two). */
export const SLOWDOWN_RATIO = 0.4;
/** How long an observed ratio counts (event time). */
const FRESH_MS = 600_000;
/**
 * A single moving vehicle's ping under this share of free flow is a slowdown: a crawl no everyday
 * traffic reaches (rush hour leaves 55%, a truck 90% of that, and speed noise is about 1.5 km/h,
 * so one noisy ping can dip under 40% but not under 25%).
 */
export const SPOT_SLOWDOWN_RATIO = 0.25;
/** How long a single slow ping keeps its segment avoided (unless a newer ping is faster). */
const SPOT_FRESH_MS = 120_000;

/** How far from a report its street is suspect (reports are misplaced by up to 500 m), and for how long. */
export const SUSPECT_RADIUS_M = 600;
export const SUSPECT_FOR_MS = 30 * 60_000;

export interface OpenIncident {
  segmentId: string;
  segment: number;
  severity: 'minor' | 'major' | 'blocked';
  sinceMs: number;
}

export class LiveTraffic {
  /** Latest observed mean speed / free-flow speed per segment (1 where nothing was seen). */
  readonly ratio: Float64Array;
  /** When each ratio was observed (event time of its window's end). */
  readonly ratioAt: Float64Array;
  readonly incidents = new Map<number, OpenIncident>();
  /** The newest moving ping's speed / free flow per segment, and its event time (`spot`). */
  private readonly spotRatio: Float64Array;
  private readonly spotAt: Float64Array;
  /** Segments near an unconfirmed report of the city feed, until when (event time). */
  private readonly suspected = new Map<number, number>();
  private readonly freeSec: Float64Array;

  constructor(readonly net: RoadNetwork) {
    this.ratio = new Float64Array(net.segments.length).fill(1);
    this.ratioAt = new Float64Array(net.segments.length);
    this.spotRatio = new Float64Array(net.segments.length).fill(1);
    this.spotAt = new Float64Array(net.segments.length);
    this.freeSec = Float64Array.from(net.segments, (s) => s.lengthM / (s.freeFlowKmh / 3.6));
  }

  /** Records a window's ratio, newest window wins (sliding windows arrive out of order). */
  observe(segment: number, ratio: number, windowEndMs: number): void {
    if (windowEndMs < this.ratioAt[segment]!) return;
    this.ratio[segment] = ratio;
    this.ratioAt[segment] = windowEndMs;
  }

  /** Records a moving vehicle's ping on a segment, newest ping wins (pings arrive out of order). */
  spot(segment: number, ratio: number, eventTime: number): void {
    if (eventTime < this.spotAt[segment]!) return;
    this.spotRatio[segment] = ratio;
    this.spotAt[segment] = eventTime;
  }

  open(incident: OpenIncident): void {
    this.incidents.set(incident.segment, incident);
  }

  /**
   * An unconfirmed report: the segments of the reported street within `radiusM` of where it says
   * are suspect for `forMs`. Reports are late and sometimes misplaced, so a suspect segment is not
   * closed, only much more expensive: a route avoids it when there is a reasonable way around.
   */
  suspect(report: { lat: number; lon: number; street: string; reportedAt: number }, radiusM: number, forMs: number): number[] {
    const hit: number[] = [];
    for (const s of this.net.segments) {
      if (s.name !== report.street || metersBetween(report, { lat: s.midLat, lon: s.midLon }) > radiusM) continue;
      this.suspected.set(s.index, Math.max(this.suspected.get(s.index) ?? 0, report.reportedAt + forMs));
      hit.push(s.index);
    }
    return hit;
  }

  clear(segment: number): void {
    this.incidents.delete(segment);
  }

  /** Blocked by a detected or confirmed incident, or crawling (under 8% of free flow) in its newest window. */
  isClosed(segment: number, nowMs: number): boolean {
    if (this.incidents.get(segment)?.severity === 'blocked') return true;
    return this.ratio[segment]! < 0.08 && nowMs - this.ratioAt[segment]! < FRESH_MS;
  }

  /**
   * Whether a new route should not use this segment at all: an open incident of any severity (a
   * slowdown's first windows mix in the traffic from before it, so a closure is often detected as a
   * major slowdown and only escalated a window or two later), or an observed slowdown the detector
   * has not confirmed yet: its newest window under 40% of free flow, or the newest ping of a moving
   * vehicle on it in the last 2 minutes under 25% (a closure that started a minute ago is in no final window
   * yet; the first vehicle crawling into it shows it).
   */
  avoids(segment: number, nowMs: number): boolean {
    if (this.incidents.has(segment)) return true;
    if (this.spotRatio[segment]! < SPOT_SLOWDOWN_RATIO && nowMs - this.spotAt[segment]! < SPOT_FRESH_MS) return true;
    return this.ratio[segment]! < SLOWDOWN_RATIO && nowMs - this.ratioAt[segment]! < FRESH_MS;
  }

  /** The share of free flow to plan with: the newest window's while fresh, or a fresh spot slowdown when slower (1 when nothing was seen). */
  private observed(segment: number, nowMs: number): number {
    const r = nowMs - this.ratioAt[segment]! < FRESH_MS ? this.ratio[segment]! : 1;
    const spot = this.spotRatio[segment]!;
    return spot < SPOT_SLOWDOWN_RATIO && nowMs - this.spotAt[segment]! < SPOT_FRESH_MS ? Math.min(r, spot) : r;
  }

  /**
   * Live travel time per segment at `nowMs`: free flow divided by the observed ratio while it is
   * fresh (10 minutes; a spot slowdown of the last 2 minutes wins when slower), `Infinity` when the segment is closed (or, `closedAs: 'crawl'`, the time to
   * crawl through it: the ETA of a route that keeps it), and with `avoid`, `Infinity` on every
   * segment a new route should not use (`avoids`). A ratio is floored at 0.05 so a crawling
   * segment is very expensive but still a way out.
   */
  cost(nowMs: number, o: { closedAs?: 'closed' | 'crawl'; avoid?: boolean } = {}): SegmentCost {
    const crawl = o.closedAs === 'crawl';
    const avoid = o.avoid === true;
    return (i) => {
      if (this.isClosed(i, nowMs)) return crawl ? this.freeSec[i]! / 0.05 : Number.POSITIVE_INFINITY;
      if (avoid && this.avoids(i, nowMs)) return Number.POSITIVE_INFINITY;
      const r = Math.max(0.05, Math.min(1, this.observed(i, nowMs)));
      const open = this.incidents.get(i);
      const suspect = (this.suspected.get(i) ?? 0) > nowMs;
      const penalty = open ? (open.severity === 'major' ? 0.2 : 0.5) : suspect ? 0.1 : 1;
      return this.freeSec[i]! / Math.min(r, penalty);
    };
  }
}
