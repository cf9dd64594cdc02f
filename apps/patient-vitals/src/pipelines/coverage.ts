/**
 * Pipeline 6, monitoring coverage. Concept: session windows (`sessionWindow('eventTime', gap)`):
 * a patient's monitor is "connected" while samples keep coming less than 30 s apart; a silence of
 * 30 s or more ends the session. Sessions merge when a reconnecting monitor's late buffer fills
 * the hole (as far as the watermark still allows), which is exactly what happened at the bedside.
 *
 * In update mode (an extension: Spark only has append for sessions) the ward sees the open session
 * grow; in append mode a session is emitted once, when the watermark passes its end, and the gaps
 * between a patient's closed sessions (`monitoringGaps`, a small per-patient state) are the
 * unmonitored periods: how long, and since when.
 */
import { count, type GroupState, max, min, sessionWindow, type Stream } from '@streamlab/core';
import type { VitalSample } from './quality.js';

/** Silence that ends a monitoring session. */
export const SESSION_GAP = '30 seconds';

export interface CoverageSession {
  patientId: string;
  session: { start: number; end: number };
  samples: number;
  firstMs: number;
  lastMs: number;
}

export interface MonitoringGap {
  patientId: string;
  /** The last sample before the gap and the first after it (epoch ms). */
  fromMs: number;
  toMs: number;
  minutes: number;
  /** Event time of the row: when monitoring resumed. */
  eventTime: number;
}

/**
 * Monitoring sessions per patient.
 *
 * @example
 * coverageSessions(qualitySamples(messages)).writeStream.outputMode('update').sink(sink).start();
 */
export function coverageSessions(samples: Stream<VitalSample>): Stream<CoverageSession> {
  return samples
    .filter((s) => s.vital === 'hr')
    .groupBy(sessionWindow('eventTime', SESSION_GAP), 'patientId')
    .agg({ samples: count(), firstMs: min('eventTime'), lastMs: max('eventTime') })
    .map((r) => ({ patientId: r.patientId, session: r.session_window, samples: r.samples, firstMs: r.firstMs as number, lastMs: r.lastMs as number }));
}

/**
 * The gaps between a patient's closed sessions (exported for `testGroupState`).
 *
 * @example
 * sessions.groupByKey((s) => s.patientId).flatMapGroupsWithState(gapTracker, { outputMode: 'append', timeout: 'none' });
 */
export function gapTracker(patientId: string, sessions: CoverageSession[], state: GroupState<{ lastMs: number }>): MonitoringGap[] {
  const out: MonitoringGap[] = [];
  let last = state.getOption()?.lastMs;
  for (const s of [...sessions].sort((a, b) => a.firstMs - b.firstMs)) {
    if (last !== undefined && s.firstMs > last)
      out.push({ patientId, fromMs: last, toMs: s.firstMs, minutes: Math.round((s.firstMs - last) / 6_000) / 10, eventTime: s.firstMs });
    last = Math.max(last ?? 0, s.lastMs);
  }
  if (last !== undefined) state.update({ lastMs: last });
  return out;
}

/**
 * Unmonitored periods, from the closed sessions (run `coverageSessions` in append mode upstream).
 *
 * @example
 * monitoringGaps(coverageSessions(samples)).writeStream.outputMode('append').sink(sink).start();
 */
export function monitoringGaps(sessions: Stream<CoverageSession>): Stream<MonitoringGap> {
  return sessions.groupByKey((s) => s.patientId).flatMapGroupsWithState(gapTracker, { outputMode: 'append', timeout: 'none' });
}
