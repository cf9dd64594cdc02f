/**
 * Event-time normalisation: epoch ms (number), `Date`, or ISO-8601 string → epoch ms.
 * Returns `NaN` for a missing or unparsable value, so hot loops can test `t !== t` without a
 * try/catch or an allocation; callers route such rows with `ctx.reportInvalid`.
 */

/**
 * @example
 * toEpochMs(1_638_360_420_000);            // 1638360420000
 * toEpochMs(new Date('2021-12-01T12:07:00Z')); // 1638360420000
 * toEpochMs('2021-12-01T12:07:00Z');       // 1638360420000
 * toEpochMs('yesterday');                  // NaN
 */
export function toEpochMs(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string' && value.length > 0) return parseIso(value);
  if (typeof value === 'object' && value !== null) return windowTime(value);
  return Number.NaN;
}

/**
 * The event time of a window value `{ start, end }` (the output of an aggregation), as Spark's
 * `window_time`: just before its end (Spark: end - 1 µs). Used when a window column is itself the
 * time column of a later stateful operator (chained operators, append mode). It is `end - 0.5`
 * here: with millisecond event times and window bounds that lands in the same windows and is late
 * against the same watermarks as Spark's `end - 1 µs` (`end - 0.5 <= wm` exactly when `end <= wm`).
 */
function windowTime(value: object): number {
  const { start, end } = value as { start?: unknown; end?: unknown };
  return typeof start === 'number' && typeof end === 'number' && Number.isFinite(end) ? end - 0.5 : Number.NaN;
}

const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function parseIso(text: string): number {
  if (!ISO.test(text)) return Number.NaN;
  const ms = Date.parse(text.includes(' ') ? text.replace(' ', 'T') : text);
  return Number.isFinite(ms) ? ms : Number.NaN;
}

/**
 * Why `toEpochMs` rejected a value, for the invalid-record reason.
 *
 * @example
 * eventTimeProblem('ts', undefined); // 'event time "ts" is missing'
 */
export function eventTimeProblem(field: string, value: unknown): string {
  if (value === undefined || value === null) return `event time "${field}" is missing`;
  return `event time "${field}" is not epoch ms, a Date or an ISO-8601 string: ${JSON.stringify(value)}`;
}

/**
 * Formats epoch ms as Spark shows a timestamp in progress events: ISO-8601 UTC with ms.
 *
 * @example
 * isoTimestamp(0); // '1970-01-01T00:00:00.000Z'
 */
export function isoTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}
