/**
 * Spark's console sink format: the `Batch: N` banner and `Dataset.show()` tables, so course
 * output looks the same. Timestamps inside windows print as `yyyy-MM-dd HH:mm:ss` (UTC).
 */

const BANNER = '-------------------------------------------';

/** Options of the console sink, as Spark's: `numRows` (default 20) and `truncate` (default true). */
export interface ConsoleOptions {
  numRows?: number;
  truncate?: boolean;
}

function timestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  const frac = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac ? `.${frac}` : ''}`;
}

/**
 * Renders one cell the way Spark's `show()` renders values (null, structs as `{a, b}`, arrays as `[a, b]`).
 *
 * @example
 * formatCell({ start: 0, end: 60_000 }, 'window'); // '{1970-01-01 00:00:00, 1970-01-01 00:01:00}'
 */
export function formatCell(value: unknown, column: string): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return timestamp(value.getTime());
  if (Array.isArray(value)) return `[${value.map((v) => formatCell(v, '')).join(', ')}]`;
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const isWindow = typeof o.start === 'number' && typeof o.end === 'number' && Object.keys(o).length === 2;
    return `{${Object.values(o)
      .map((v) => (isWindow ? timestamp(v as number) : formatCell(v, '')))
      .join(', ')}}`;
  }
  void column;
  return String(value);
}

/**
 * The text Spark's console sink prints for one batch.
 *
 * @example
 * formatBatch(0, [{ word: 'dog', count: 1 }]);
 * // -------------------------------------------
 * // Batch: 0
 * // -------------------------------------------
 * // +----+-----+
 * // |word|count|
 * // +----+-----+
 * // | dog|    1|
 * // +----+-----+
 */
export function formatBatch(batchId: number, rows: readonly unknown[], options: ConsoleOptions = {}, knownColumns?: readonly string[]): string {
  const numRows = options.numRows ?? 20;
  const truncate = options.truncate ?? true;
  const shown = rows.slice(0, numRows) as Record<string, unknown>[];
  const columns: string[] = knownColumns ? [...knownColumns] : [];
  for (const r of rows as Record<string, unknown>[]) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  const cut = (s: string): string => (truncate && s.length > 20 ? `${s.slice(0, 17)}...` : s);
  const cells = shown.map((r) => columns.map((c) => cut(formatCell(r[c], c))));
  const widths = columns.map((c, i) => Math.max(3, c.length, ...cells.map((row) => row[i]!.length)));
  const pad = (s: string, w: number): string => (truncate ? s.padStart(w) : s.padEnd(w));
  const sep = `+${widths.map((w) => '-'.repeat(w)).join('+')}+`;
  const line = (vals: string[]): string => `|${vals.map((v, i) => pad(v, widths[i]!)).join('|')}|`;
  const out = [BANNER, `Batch: ${batchId}`, BANNER, sep, line(columns), sep, ...cells.map(line), sep];
  if (rows.length > numRows) out.push(`only showing top ${numRows} row${numRows === 1 ? '' : 's'}`);
  return `${out.join('\n')}\n\n`;
}
