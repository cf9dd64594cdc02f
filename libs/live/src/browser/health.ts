/**
 * The streaming-health panel: per query, watermark vs max event time, input vs processing
 * rate, late rows, batch duration, state rows and the batch id.
 */
import type { QueryRef } from '../queries.js';
import type { LiveClient, QueryView } from './client.js';
import { formatDuration, formatNumber, formatTime, frameThrottle, h } from './dom.js';

/**
 * @example
 * healthPanel(live, ['counts', 'alerts']);
 */
export function healthPanel(client: LiveClient, queries: readonly QueryRef[]): HTMLElement {
  const tbody = h('tbody');
  const table = h(
    'table',
    { class: 'data health' },
    h('caption', { class: 'sr-only' }, 'Streaming health per query'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['Query', 'Batch', 'Watermark', 'Max event time', 'Lag', 'Input rows/s', 'Processed rows/s', 'Late rows', 'State rows', 'Batch time'].map((t) =>
          h('th', { scope: 'col' }, t),
        ),
      ),
    ),
    tbody,
  );
  const row = (v: QueryView) => {
    const p = v.progress;
    const lag = p && p.maxEventTimeMs !== null && p.watermarkMs > 0 ? p.maxEventTimeMs - p.watermarkMs : Number.NaN;
    // A batch faster than the clock's resolution has no meaningful processing rate (Spark: NaN).
    const rateKnown = p !== null && (p.processedRowsPerSecond > 0 || p.numInputRows === 0);
    const behind = p !== null && rateKnown && p.inputRowsPerSecond > p.processedRowsPerSecond * 1.05;
    return h(
      'tr',
      { 'data-query': v.query },
      h('th', { scope: 'row' }, v.query),
      h('td', { class: 'num' }, p ? String(p.batchId) : '–'),
      h('td', { class: 'mono' }, p ? formatTime(p.watermarkMs) : '–'),
      h('td', { class: 'mono' }, p?.maxEventTimeMs ? formatTime(p.maxEventTimeMs) : '–'),
      h('td', { class: 'num' }, formatDuration(lag)),
      h('td', { class: 'num' }, p ? formatNumber(p.inputRowsPerSecond) : '–'),
      h(
        'td',
        { class: `num ${behind ? 'warn' : ''}`, title: behind ? 'Processing is slower than input: the query falls behind' : null },
        p && rateKnown ? formatNumber(p.processedRowsPerSecond) : '–',
      ),
      h('td', { class: `num ${v.lateRowsTotal > 0 ? 'warn' : ''}` }, formatNumber(v.lateRowsTotal)),
      h('td', { class: 'num' }, p ? formatNumber(p.stateRows) : '–'),
      h('td', { class: 'num' }, p?.durationMs !== null && p?.durationMs !== undefined ? formatDuration(p.durationMs) : '–'),
    );
  };
  const render = frameThrottle(() => tbody.replaceChildren(...queries.map((q) => row(client.view(q)))));
  for (const q of queries) client.onQuery(q, render);
  render();
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Streaming health' }, table);
}
