/**
 * The output-mode view (the workshop uses it): the same aggregation run in append, update and
 * complete mode side by side. Each column shows what the last batch emitted (highlighted) and
 * the table a client keeps from it: append only ever adds finalized windows, update re-emits
 * the rows that changed, complete re-emits everything every batch.
 */
import type { OutputMode } from '@streamlab/core';
import type { QueryRef } from '../queries.js';
import type { LiveClient } from './client.js';
import { formatWindow, frameThrottle, get, h, text, toMs } from './dom.js';
import type { ColumnSpec } from './windows-table.js';

export interface OutputModeViewOptions {
  /** The query name of each mode's run of the same aggregation. */
  queries: Partial<Record<OutputMode, QueryRef>>;
  columns: ColumnSpec[];
  /** Window field, if the aggregation is windowed. Default `window`. */
  window?: string;
  /** Rows shown per mode at most. Default 12. */
  max?: number;
}

const EXPLAIN: Record<OutputMode, string> = {
  append: 'Emits a window once, when the watermark passes its end. Never changes it afterwards.',
  update: 'Emits the rows whose aggregate changed in this batch. Finalized windows leave state silently.',
  complete: 'Emits the whole result table every batch. Nothing is ever evicted.',
};

/**
 * @example
 * outputModeView(live, { queries: { append: 'counts-append', update: 'counts-update', complete: 'counts-complete' }, columns: [{ field: 'count', label: 'Count' }] });
 */
export function outputModeView(client: LiveClient, opts: OutputModeViewOptions): HTMLElement {
  const wf = opts.window ?? 'window';
  const max = opts.max ?? 12;
  const el = h('div', { class: 'modes' });
  for (const mode of ['append', 'update', 'complete'] as const) {
    const query = opts.queries[mode];
    if (!query) continue;
    const status = h('p', { class: 'mode-status', 'aria-live': 'polite' }, 'Waiting for the first batch…');
    const tbody = h('tbody');
    const table = h(
      'table',
      { class: 'data compact' },
      h('caption', { class: 'sr-only' }, `${mode} mode result table; rows emitted by the last batch are marked`),
      h(
        'thead',
        {},
        h('tr', {}, h('th', { scope: 'col' }, 'Window'), ...opts.columns.map((c) => h('th', { scope: 'col' }, c.label)), h('th', { scope: 'col' }, '')),
      ),
      tbody,
    );
    el.appendChild(
      h(
        'div',
        { class: 'mode', 'data-mode': mode },
        h('h3', {}, h('code', {}, mode)),
        h('p', { class: 'mode-explain' }, EXPLAIN[mode]),
        status,
        h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': `${mode} mode` }, table),
      ),
    );
    const render = frameThrottle(() => {
      const view = client.view(query);
      const emitted = new Set<unknown>(view.last?.rows ?? []);
      const rows = view.table
        .rows()
        .slice()
        .sort((a, b) => toMs(get(b, `${wf}.start`)) - toMs(get(a, `${wf}.start`)))
        .slice(0, max);
      const last = view.last;
      status.textContent = last
        ? `Batch ${last.lastBatchId}: ${last.rows.length} row${last.rows.length === 1 ? '' : 's'} emitted · table has ${view.table.size}`
        : `Table has ${view.table.size} row${view.table.size === 1 ? '' : 's'} (from snapshot)`;
      tbody.replaceChildren(
        ...rows.map((r) => {
          const w = get(r, wf);
          const isNew = emitted.has(r);
          return h(
            'tr',
            { class: isNew ? 'emitted' : '' },
            h('td', { class: 'mono' }, w ? formatWindow(toMs(get(w, 'start')), toMs(get(w, 'end'))) : ''),
            ...opts.columns.map((c) => h('td', { class: 'num' }, text(get(r, c.field)))),
            h('td', {}, isNew ? h('span', { class: 'chip chip-new' }, 'emitted') : null),
          );
        }),
      );
    });
    client.onQuery(query, render);
  }
  return el;
}
