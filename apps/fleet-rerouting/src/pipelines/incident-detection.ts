/**
 * 3. Incident detection (arbitrary state with an event-time timeout). Per segment, a slowdown is
 * an incident when two consecutive final windows (append mode: the watermark has passed them) are
 * both under 40% of free flow with enough pings: rush hour never goes that low, an incident does.
 * The state holds the open incident, so each slowdown is reported once (deduplicated) and cleared
 * once: after two windows back over 70%, or when the watermark passes 20 minutes without a window
 * (vehicles avoid a blocked road, so silence does not clear it sooner). Severity from the slowest
 * window: `blocked` (under 8%: a closure), `major` (under 25%), `minor`; an open incident that gets
 * worse is emitted again (same id, `open`) with its new severity.
 */
import type { GroupState, Stream } from '@streamlab/core';
import { SLOWDOWN_RATIO } from '../domain/live-traffic.js';
import type { SegmentSpeedRow } from './segment-speeds.js';

/** A window under this share of free flow is slow (the route planner avoids it too: `LiveTraffic.avoids`). */
export const SLOW_RATIO = SLOWDOWN_RATIO;
export const CLEAR_RATIO = 0.7;
export const MIN_PINGS = 3;
const QUIET_MS = 20 * 60_000;

export type Severity = 'minor' | 'major' | 'blocked';

export interface DetectedIncident {
  /** `<segmentId>@<start of the first slow window>`: one id per slowdown. */
  incidentId: string;
  segmentId: string;
  segment: number;
  street: string;
  status: 'open' | 'cleared';
  severity: Severity;
  /** The slowest window's congestion ratio. */
  congestion: number;
  /** Event time it was detected (end of its second slow window) or cleared. */
  eventTime: number;
  /** Start of the first slow window. */
  sinceMs: number;
}

interface SegmentWatch {
  streak: number;
  firstSlowStart: number;
  minRatio: number;
  clearStreak: number;
  lastEnd: number;
  open: { incidentId: string; severity: Severity; sinceMs: number } | null;
  street: string;
  segment: number;
}

const RANK: Record<Severity, number> = { minor: 0, major: 1, blocked: 2 };

export const severityOf = (ratio: number): Severity => (ratio < 0.08 ? 'blocked' : ratio < 0.25 ? 'major' : 'minor');

/**
 * The state function, exported for `testGroupState`.
 *
 * @example
 * speeds.groupByKey((r) => r.segmentId).flatMapGroupsWithState(watchSegment, { outputMode: 'append', timeout: 'eventTime' });
 */
export function watchSegment(segmentId: string, rows: SegmentSpeedRow[], state: GroupState<SegmentWatch>): DetectedIncident[] {
  const out: DetectedIncident[] = [];
  if (state.hasTimedOut) {
    const w = state.get();
    if (w.open) out.push(incident(segmentId, w, 'cleared', w.lastEnd + QUIET_MS));
    state.remove();
    return out;
  }
  const w: SegmentWatch = state.getOption() ?? {
    streak: 0,
    firstSlowStart: 0,
    minRatio: 1,
    clearStreak: 0,
    lastEnd: 0,
    open: null,
    street: rows[0]!.street,
    segment: rows[0]!.segment,
  };
  // sliding windows of one batch come in any order: walk them by their end
  for (const r of [...rows].sort((a, b) => a.window.end - b.window.end)) {
    if (r.window.end <= w.lastEnd) continue;
    w.lastEnd = r.window.end;
    const slow = r.congestion < SLOW_RATIO && r.pings >= MIN_PINGS;
    if (slow) {
      if (w.streak === 0) {
        w.firstSlowStart = r.window.start;
        w.minRatio = 1;
      }
      w.streak++;
      w.minRatio = Math.min(w.minRatio, r.congestion);
      w.clearStreak = 0;
      if (!w.open && w.streak >= 2) {
        w.open = { incidentId: `${segmentId}@${w.firstSlowStart}`, severity: severityOf(w.minRatio), sinceMs: w.firstSlowStart };
        out.push(incident(segmentId, w, 'open', r.window.end));
      } else if (w.open && RANK[severityOf(r.congestion)] > RANK[w.open.severity]) {
        // the first windows mix in the traffic from before: a slowdown that turns out to be a closure is escalated, once per level
        w.open.severity = severityOf(r.congestion);
        out.push(incident(segmentId, w, 'open', r.window.end));
      }
    } else {
      w.streak = 0;
      if (w.open && r.congestion > CLEAR_RATIO) {
        w.clearStreak++;
        if (w.clearStreak >= 2) {
          out.push(incident(segmentId, w, 'cleared', r.window.end));
          w.open = null;
          w.clearStreak = 0;
        }
      }
    }
  }
  state.update(w);
  // the timeout is reset on every call: set it again from the newest window
  state.setTimeoutTimestamp(Math.max(w.lastEnd + QUIET_MS, state.getCurrentWatermarkMs() + 1));
  return out;
}

function incident(segmentId: string, w: SegmentWatch, status: 'open' | 'cleared', eventTime: number): DetectedIncident {
  const open = w.open!;
  return {
    incidentId: open.incidentId,
    segmentId,
    segment: w.segment,
    street: w.street,
    status,
    severity: open.severity,
    congestion: Math.round(w.minRatio * 1000) / 1000,
    eventTime,
    sinceMs: open.sinceMs,
  };
}

/**
 * Incidents from final segment-speed windows. As in Spark, arbitrary state cannot follow an
 * aggregation in one query: the speeds query runs in append mode and feeds this one (a feed in
 * process, a topic between services), whose watermark is on the windows' ends.
 *
 * @example
 * incidentDetection(Stream.fromSource(speedsFeed)); // the speeds query: segmentSpeeds(...) in append mode
 */
export function incidentDetection(speeds: Stream<SegmentSpeedRow>): Stream<DetectedIncident> {
  return speeds
    .withColumn('windowEnd', (r) => r.window.end)
    .withWatermark('windowEnd', '1 minute')
    .groupByKey((r) => r.segmentId)
    .flatMapGroupsWithState(watchSegment, { outputMode: 'append', timeout: 'eventTime' });
}
