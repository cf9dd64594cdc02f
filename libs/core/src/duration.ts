import { StreamlabError } from './errors.js';

const UNIT_MS: Record<string, number> = {
  millisecond: 1,
  milliseconds: 1,
  ms: 1,
  second: 1_000,
  seconds: 1_000,
  sec: 1_000,
  secs: 1_000,
  s: 1_000,
  minute: 60_000,
  minutes: 60_000,
  min: 60_000,
  mins: 60_000,
  m: 60_000,
  hour: 3_600_000,
  hours: 3_600_000,
  h: 3_600_000,
  day: 86_400_000,
  days: 86_400_000,
  d: 86_400_000,
  week: 604_800_000,
  weeks: 604_800_000,
};

/** A duration: a Spark-style interval string (`"10 seconds"`, `"1 minute 30 seconds"`) or milliseconds. */
export type Duration = string | number;

const PART = /(\d+(?:\.\d+)?)\s*([a-z]+)/gy;

/**
 * Parses a Spark-style duration into milliseconds.
 *
 * @example
 * parseDuration('10 minutes');          // 600000
 * parseDuration('1 minute 30 seconds'); // 90000
 * parseDuration(250);                   // 250
 */
export function parseDuration(value: Duration, what = 'duration'): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) {
      throw new StreamlabError('BAD_DURATION', `${what} must be a non-negative number of milliseconds, got ${value}`, {
        value,
        hint: 'pass milliseconds (e.g. 5000) or a string like "5 seconds"',
      });
    }
    return value;
  }
  const text = String(value)
    .trim()
    .toLowerCase()
    .replace(/^interval\s+/, '');
  let total = 0;
  let parts = 0;
  PART.lastIndex = 0;
  let pos = 0;
  while (pos < text.length) {
    PART.lastIndex = pos;
    const m = PART.exec(text);
    const unit = m ? UNIT_MS[m[2]!] : undefined;
    if (!m || unit === undefined) {
      throw new StreamlabError('BAD_DURATION', `${what} "${value}" is not a duration`, {
        value,
        hint: 'use Spark-style text such as "10 seconds", "5 minutes", "1 hour", "1 minute 30 seconds", or milliseconds',
      });
    }
    total += Number(m[1]) * unit;
    parts += 1;
    pos = PART.lastIndex;
    while (text[pos] === ' ' || text[pos] === ',') pos += 1;
  }
  if (parts === 0) {
    throw new StreamlabError('BAD_DURATION', `${what} is empty`, { value, hint: 'use e.g. "10 seconds"' });
  }
  return Math.round(total);
}
