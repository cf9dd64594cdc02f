/**
 * The event-time range condition of a stream-stream join:
 * `left[leftTime] + min <= right[rightTime] <= left[leftTime] + max` (both inclusive), e.g.
 * Spark's `leftTime BETWEEN rightTime - 10 seconds AND rightTime + 5 seconds` is
 * `{ leftTime: 'leftTime', rightTime: 'rightTime', min: '-5 seconds', max: '10 seconds' }`.
 */
import { parseDuration, type Duration } from '../../duration.js';
import { StreamlabError } from '../../errors.js';

export interface TimeRange {
  leftTime: string;
  rightTime: string;
  /** Lowest `right - left` event-time difference (may be negative: `'-5 seconds'` or `-5000`). */
  min: Duration;
  /** Highest `right - left` event-time difference. */
  max: Duration;
}

export interface ResolvedTimeRange {
  leftTime: string;
  rightTime: string;
  minMs: number;
  maxMs: number;
}

function signed(d: Duration, what: string): number {
  if (typeof d === 'number') {
    if (!Number.isFinite(d))
      throw new StreamlabError('BAD_DURATION', `${what} must be a finite number of ms, got ${d}`, { value: d, hint: 'e.g. -5000 or "-5 seconds"' });
    return d;
  }
  const t = String(d).trim();
  return t.startsWith('-') ? -parseDuration(t.slice(1).trim(), what) : parseDuration(t, what);
}

/**
 * @example
 * resolveTimeRange({ leftTime: 'impressionTime', rightTime: 'clickTime', min: 0, max: '1 hour' });
 */
export function resolveTimeRange(r: TimeRange): ResolvedTimeRange {
  const minMs = signed(r.min, 'join timeRange.min');
  const maxMs = signed(r.max, 'join timeRange.max');
  if (minMs > maxMs) {
    throw new StreamlabError('BAD_JOIN_TIME_RANGE', `join timeRange.min (${minMs} ms) is after timeRange.max (${maxMs} ms)`, {
      value: r,
      hint: 'min <= right time - left time <= max',
    });
  }
  return { leftTime: r.leftTime, rightTime: r.rightTime, minMs, maxMs };
}
