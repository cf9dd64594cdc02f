/**
 * How the batch view shows a value (browser-safe, pure): windows and times as UTC clock times,
 * as Spark's console prints them, numbers with separators, objects as JSON. Always text.
 */

const clock = (ms: number): string => new Date(ms).toISOString().slice(11, 19);

function isWindow(v: unknown): v is { start: number; end: number } {
  const o = v as { start?: unknown; end?: unknown } | null;
  return typeof o === 'object' && o !== null && typeof o.start === 'number' && typeof o.end === 'number' && Object.keys(o).length === 2;
}

/**
 * @example
 * cellText({ start: 0, end: 10_000 }); // '00:00:00–00:00:10'
 * cellText(1234.5); // '1,234.5'
 */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (isWindow(v)) return `${clock(v.start)}–${clock(v.end)}`;
  if (typeof v === 'number') return Number.isFinite(v) ? v.toLocaleString('en-US', { maximumFractionDigits: 3 }) : String(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * A watermark as the view shows it: `none yet` before any data, else the UTC time (and date).
 *
 * @example
 * watermarkText(0); // 'none yet'
 * watermarkText(Date.UTC(2026, 0, 1, 12, 0, 10)); // '2026-01-01 12:00:10 UTC'
 */
export function watermarkText(ms: number): string {
  if (!(ms > 0)) return 'none yet';
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** The columns of some rows, in the order they first appear. */
export function columnsOf(rows: readonly Record<string, unknown>[]): string[] {
  const cols: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  return cols;
}
