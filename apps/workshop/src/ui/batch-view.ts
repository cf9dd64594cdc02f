/**
 * The batch view of a live run (`run N --ui`), modelled on the demo's output-mode view: one card
 * per query, side by side, each with its output mode, the last batch's id, watermark and late
 * rows, the result table a client keeps in that mode (rows the last batch emitted marked), and
 * the log of recent batches with the rows each one output. Every value becomes text, never markup.
 */
import type { OutputMode } from '@streamlab/core';
import { h, type LiveClient, type QueryView } from '@streamlab/live/browser';
import { cellText, columnsOf, watermarkText } from './cells.js';

const EXPLAIN: Record<OutputMode, string> = {
  append: 'Append: a row is output once, when it is final (for a windowed aggregation: when the watermark passes the window’s end), and never changes.',
  update: 'Update: each batch outputs the rows that changed in it; a client keeps a table keyed by the grouping columns.',
  complete: 'Complete: each batch outputs the whole result table; nothing is ever evicted.',
};

interface LoggedBatch {
  first: number;
  last: number;
  rows: Record<string, unknown>[];
  watermarkMs: number;
  lateRows: number;
  inputRows: number;
}

/** Batches kept in a card's log. */
const LOG = 8;
/** Rows shown per table. */
const MAX_ROWS = 25;

function rowsTable(rows: readonly Record<string, unknown>[], caption: string, emitted?: ReadonlySet<unknown>): HTMLElement {
  const cols = columnsOf(rows);
  if (rows.length === 0) return h('p', { class: 'wk-empty' }, 'No rows.');
  const shown = rows.slice(0, MAX_ROWS);
  return h(
    'div',
    { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption },
    h(
      'table',
      { class: 'data compact' },
      h('caption', { class: 'sr-only' }, caption),
      h('thead', {}, h('tr', {}, ...cols.map((c) => h('th', { scope: 'col' }, c)))),
      h(
        'tbody',
        {},
        ...shown.map((r) =>
          h('tr', { class: emitted?.has(r) ? 'emitted' : '' }, ...cols.map((c) => h('td', { class: typeof r[c] === 'number' ? 'num' : '' }, cellText(r[c])))),
        ),
      ),
    ),
    rows.length > MAX_ROWS ? h('p', { class: 'wk-empty' }, `… and ${rows.length - MAX_ROWS} more rows`) : null,
  );
}

/** A result table newest first: by window start when the rows have a window, else latest added first. */
function newestFirst(rows: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  const start = (r: Record<string, unknown>) => (r.window as { start?: unknown } | undefined)?.start;
  if (rows.length > 0 && rows.every((r) => typeof start(r) === 'number')) return [...rows].sort((a, b) => (start(b) as number) - (start(a) as number));
  return [...rows].reverse();
}

function stat(label: string, cls: string, value: string): HTMLElement {
  return h('div', { class: 'wk-stat' }, h('dt', {}, label), h('dd', { class: cls }, value));
}

/**
 * @example
 * shell.panel('Your queries', batchView(new LiveClient('workshop')), { span: 3 });
 */
export function batchView(client: LiveClient): HTMLElement {
  const el = h('div', { class: 'modes wk-queries' }, h('p', { class: 'wk-waiting' }, 'Waiting for the queries of this step to start…'));
  const cards = new Map<string, (view: QueryView, kind: 'batch' | 'snapshot') => void>();

  const card = (query: string) => {
    const mode = h('span', { class: 'mode-pill wk-mode' }, '');
    const explain = h('p', { class: 'mode-explain' }, '');
    const stats = h('dl', { class: 'wk-stats' });
    const table = h('div', { class: 'wk-table' });
    const log = h('ol', { class: 'wk-log' });
    const batches: LoggedBatch[] = [];
    let lateTotal = 0;
    const root = h(
      'article',
      { class: 'mode wk-query', 'data-query': query },
      h('h3', {}, h('code', {}, query), ' ', mode),
      explain,
      stats,
      h('h4', {}, 'Result table'),
      table,
      h('h4', {}, 'Batches, newest first'),
      log,
    );
    el.querySelector('.wk-waiting')?.remove();
    el.appendChild(root);
    return (view: QueryView, kind: 'batch' | 'snapshot') => {
      const m = view.last?.outputMode ?? view.table.outputMode;
      if (m) {
        root.dataset.mode = m;
        mode.textContent = m;
        explain.textContent = EXPLAIN[m];
      }
      const last = view.last;
      if (kind === 'batch' && last) {
        lateTotal += last.progress.lateRows;
        batches.unshift({
          first: last.firstBatchId,
          last: last.lastBatchId,
          rows: last.rows,
          watermarkMs: last.progress.watermarkMs,
          lateRows: last.progress.lateRows,
          inputRows: last.progress.numInputRows,
        });
        batches.splice(LOG);
      }
      const p = view.progress;
      stats.replaceChildren(
        stat('Batch', 'wk-batch-id', p ? String(p.batchId) : '–'),
        stat('Watermark', 'wk-watermark', p ? watermarkText(p.watermarkMs) : 'none yet'),
        stat('Late rows dropped', 'wk-late', p ? `${p.lateRows} in the last batch · ${lateTotal} since the page opened` : '0'),
        stat('Input rows', 'wk-input', p ? String(p.numInputRows) : '0'),
      );
      table.replaceChildren(
        rowsTable(newestFirst(view.table.rows() as Record<string, unknown>[]), `${query} result table`, new Set<unknown>(last?.rows ?? [])),
      );
      log.replaceChildren(
        ...batches.map((b) =>
          h(
            'li',
            { class: 'wk-batch', 'data-batch': b.last },
            h(
              'p',
              { class: 'wk-batch-head' },
              `${b.first === b.last ? `Batch ${b.last}` : `Batches ${b.first}–${b.last}`} · ${b.rows.length} row${b.rows.length === 1 ? '' : 's'} out · ${b.inputRows} in · watermark ${watermarkText(b.watermarkMs)} · ${b.lateRows} late dropped`,
            ),
            rowsTable(b.rows, `${query} batch ${b.last} output rows`),
          ),
        ),
      );
    };
  };

  client.onAny((view, _msg, kind) => {
    let render = cards.get(view.query);
    if (!render) cards.set(view.query, (render = card(view.query)));
    render(view, kind);
  });
  return el;
}
