/**
 * The rule: a source whose average reading over a window is above a threshold raises an alert.
 * A plain, pure function, tested on its own; the pipeline only wires it into the engine.
 * YOUR RULES GO HERE: one file per rule, its spec beside it.
 */

/** What the windowed query gives the rule: one source over one event-time window. */
export interface SourceWindow {
  window: { start: number; end: number };
  sourceId: string;
  readings: number;
  /** null for a window without readings. */
  avgValue: number | null;
}

export type Severity = 'high' | 'medium';

/** An alert, as the dashboard's feed and the landing tile show it. */
export interface Alert {
  alertId: string;
  sourceId: string;
  /** Event time of the alert: the end of its window (epoch ms). */
  eventTime: number;
  severity: Severity;
  reason: string;
  avgValue: number;
}

/** Thresholds of the rule (behaviour as data). */
export interface HighAverageConfig {
  /** Average above which a window raises an alert. */
  threshold: number;
  /** Average from which the alert is `high` (else `medium`). */
  highFrom: number;
  /** Fewest readings for a window to count (a single odd reading is noise). */
  minReadings: number;
}

export const DEFAULT_HIGH_AVERAGE: HighAverageConfig = { threshold: 80, highFrom: 90, minReadings: 3 };

/**
 * The alert for a window, or null.
 *
 * @example
 * highAverage({ window: { start: 0, end: 10_000 }, sourceId: 's-1', readings: 5, avgValue: 95 });
 * // { severity: 'high', reason: 'Average 95.0 over 5 readings (threshold 80)', ... }
 */
export function highAverage(w: SourceWindow, config: HighAverageConfig = DEFAULT_HIGH_AVERAGE): Alert | null {
  if (w.avgValue === null || w.readings < config.minReadings || w.avgValue <= config.threshold) return null;
  return {
    alertId: `${w.sourceId}@${w.window.start}`,
    sourceId: w.sourceId,
    eventTime: w.window.end,
    severity: w.avgValue >= config.highFrom ? 'high' : 'medium',
    reason: `Average ${w.avgValue.toFixed(1)} over ${w.readings} readings (threshold ${config.threshold})`,
    avgValue: w.avgValue,
  };
}
