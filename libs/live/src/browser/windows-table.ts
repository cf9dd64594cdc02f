/**
 * A table of windowed aggregates that shows which windows are still open (they can change)
 * and which are finalized (their end is at or before the watermark: no row can change them).
 */
import { queryId, type FieldOf, type QueryOf } from '../queries.js';
import type { LiveClient } from './client.js';
import { formatWindow, frameThrottle, get, h, text, toMs } from './dom.js';

export interface ColumnSpec<Row extends object = Record<string, unknown>> {
  field: FieldOf<Row>;
  label: string;
  /**
   * A long text (e.g. an alert's reasons): it wraps within its cell and takes the table's spare
   * width, instead of widening the table past its panel, where it would be cut.
   */
  wrap?: boolean;
}

export interface WindowsTableOptions<Row extends object = Record<string, unknown>> {
  /** The query: its handle (the fields are checked against its rows) or id. */
  query: QueryOf<Row>;
  /** The window field (`{ start, end }`). Default `window`. */
  window?: FieldOf<Row>;
  columns: ColumnSpec<Row>[];
  /** Rows shown at most (newest windows first). Default 30. */
  max?: number;
  caption?: string;
}

/**
 * `open` when the window can still change, `final` when its end is at or before the watermark.
 *
 * @example
 * windowStatus({ start: 0, end: 10_000 }, 10_000); // 'final'
 */
export function windowStatus(window: unknown, watermarkMs: number): 'open' | 'final' {
  const end = toMs((window as { end?: unknown } | null)?.end);
  return Number.isFinite(end) && end <= watermarkMs ? 'final' : 'open';
}

/**
 * @example
 * windowsTable(live, { query: 'counts', columns: [{ field: 'zone', label: 'Zone' }, { field: 'count', label: 'Count' }] });
 */
export function windowsTable<Row extends object = Record<string, unknown>>(client: LiveClient, opts: WindowsTableOptions<Row>): HTMLElement {
  const wf = opts.window ?? 'window';
  const max = opts.max ?? 30;
  const tbody = h('tbody');
  const table = h(
    'table',
    { class: 'data windows' },
    h('caption', { class: 'sr-only' }, opts.caption ?? `Windowed aggregates of ${queryId(opts.query)}`),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Window'),
        ...opts.columns.map((c) => h('th', { scope: 'col', class: c.wrap ? 'num-if wrap' : 'num-if' }, c.label)),
        h('th', { scope: 'col' }, 'State'),
      ),
    ),
    tbody,
  );
  const render = frameThrottle(() => {
    const view = client.view(opts.query);
    const wm = view.progress?.watermarkMs ?? 0;
    const rows = view.table
      .rows()
      .slice()
      .sort((a, b) => toMs(get(b, `${wf}.start`)) - toMs(get(a, `${wf}.start`)))
      .slice(0, max);
    tbody.replaceChildren(
      ...rows.map((r) => {
        const w = get(r, wf);
        const st = windowStatus(w, wm);
        return h(
          'tr',
          { class: `win-${st}` },
          h('td', { class: 'mono' }, formatWindow(toMs(get(w, 'start')), toMs(get(w, 'end')))),
          ...opts.columns.map((c) => {
            const v = get(r, c.field);
            return h('td', { class: c.wrap ? 'wrap' : typeof v === 'number' ? 'num' : '' }, text(v));
          }),
          h('td', {}, h('span', { class: `chip chip-${st}` }, st === 'final' ? 'finalized' : 'open')),
        );
      }),
    );
  });
  client.onQuery(opts.query, render);
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': opts.caption ?? `Windows of ${queryId(opts.query)}` }, table);
}
