/**
 * The dead-letter view every use case shows: how many records did not decode (a KPI value) and the
 * newest of them with why (a table), from the query `kit.deadLetters(handle, topic)` publishes.
 */
import type { DeadLetterRow } from '../dead-letters.js';
import { queryId, type QueryOf } from '../queries.js';
import type { LiveClient } from './client.js';
import { formatTime, frameThrottle, h, text } from './dom.js';

/**
 * A KPI value: records dead-lettered since the query started (each row carries the running count).
 *
 * @example
 * kpiTiles(live, [{ label: 'Malformed, dead-lettered', query: queries.deadLetters, value: deadLetterCount }]);
 */
export function deadLetterCount(view: { table: { rows(): readonly Partial<DeadLetterRow>[] } }): number {
  let n = 0;
  for (const r of view.table.rows()) n = Math.max(n, Number(r.count) || 0);
  return n;
}

/**
 * The `max` newest dead letters, newest first.
 *
 * @example
 * newestDeadLetters(view.table.rows(), 10);
 */
export function newestDeadLetters<R extends Partial<DeadLetterRow>>(rows: readonly R[], max: number): R[] {
  return [...rows].sort((a, b) => (Number(b.time) || 0) - (Number(a.time) || 0)).slice(0, max);
}

export interface DeadLettersTableOptions {
  /** Rows shown at most. Default 10. */
  max?: number;
}

/**
 * A table of the newest dead letters: when, where in the topic, why, and the record's start (as text).
 *
 * @example
 * shell.panel('Dead letters', deadLettersTable(live, queries.deadLetters), { span: 3 });
 */
export function deadLettersTable(client: LiveClient, query: QueryOf<DeadLetterRow>, opts: DeadLettersTableOptions = {}): HTMLElement {
  const tbody = h('tbody');
  const head = ['Written', 'Partition-offset', 'Why it did not decode', 'Record (start)'].map((label) => h('th', { scope: 'col' }, label));
  const caption = `Records of ${queryId(query)} that did not decode`;
  const table = h('table', { class: 'data dead-letters' }, h('caption', { class: 'sr-only' }, caption), h('thead', {}, h('tr', {}, ...head)), tbody);
  const render = frameThrottle(() => {
    const rows = newestDeadLetters(client.view(query).table.rows() as Partial<DeadLetterRow>[], opts.max ?? 10);
    tbody.replaceChildren(
      ...rows.map((r) =>
        h(
          'tr',
          {},
          h('td', { class: 'mono' }, formatTime(Number(r.time))),
          h('td', { class: 'mono' }, text(r.id)),
          h('td', {}, text(r.reason)),
          h('td', { class: 'mono' }, text(r.text)),
        ),
      ),
    );
  });
  client.onQuery(query, render);
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption }, table);
}
