/** Row comparison and rendering for the test kit: order-insensitive, readable. */

function canonical(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(canonical);
  if (v instanceof Set) return [...v].map(canonical);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o).sort()) if (o[k] !== undefined) out[k] = canonical(o[k]);
    return out;
  }
  if (typeof v === 'number' && Number.isNaN(v)) return 'NaN';
  return v;
}

/**
 * One row as stable text (sorted keys).
 *
 * @example
 * rowKey({ b: 1, a: 2 }); // '{"a":2,"b":1}'
 */
export function rowKey(row: unknown): string {
  return JSON.stringify(canonical(row));
}

/**
 * Whether two row lists hold the same rows, ignoring order (or in order when `ordered`).
 *
 * @example
 * sameRows([{ a: 1 }, { a: 2 }], [{ a: 2 }, { a: 1 }]); // true
 */
export function sameRows(expected: readonly unknown[], actual: readonly unknown[], ordered = false): boolean {
  if (expected.length !== actual.length) return false;
  const e = expected.map(rowKey);
  const a = actual.map(rowKey);
  if (!ordered) {
    e.sort();
    a.sort();
  }
  return e.every((k, i) => k === a[i]);
}

/**
 * Rows as an indented, sorted block for failure messages.
 *
 * @example
 * renderRows([{ a: 1 }]); // '    {"a":1}'
 */
export function renderRows(rows: readonly unknown[]): string {
  if (rows.length === 0) return '    (no rows)';
  return rows
    .map(rowKey)
    .sort()
    .map((r) => `    ${r}`)
    .join('\n');
}

/**
 * What is missing and what is unexpected, for failure messages.
 *
 * @example
 * diffRows([{ a: 1 }], [{ a: 2 }]); // { missing: ['{"a":1}'], unexpected: ['{"a":2}'] }
 */
export function diffRows(expected: readonly unknown[], actual: readonly unknown[]): { missing: string[]; unexpected: string[] } {
  const left = new Map<string, number>();
  for (const r of actual) left.set(rowKey(r), (left.get(rowKey(r)) ?? 0) + 1);
  const missing: string[] = [];
  for (const r of expected) {
    const k = rowKey(r);
    const n = left.get(k) ?? 0;
    if (n > 0) left.set(k, n - 1);
    else missing.push(k);
  }
  const unexpected: string[] = [];
  for (const [k, n] of left) for (let i = 0; i < n; i++) unexpected.push(k);
  return { missing, unexpected };
}
