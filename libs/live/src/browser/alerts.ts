/**
 * The alerts feed: newest first, bounded, each with severity, entity, reason and time.
 * Every value is text.
 */
import type { AlertFields } from '../use-case.js';
import type { FieldOf, QueryOf } from '../queries.js';
import type { LiveClient } from './client.js';
import { formatTime, get, h, text, toMs } from './dom.js';

export interface AlertsFeedOptions<Row extends object = Record<string, unknown>>
  extends Omit<AlertFields, 'query' | 'entity' | 'reason' | 'time' | 'severity'> {
  /** The alerts query: its handle (`queries.alerts`: the fields are checked against its rows) or id. */
  query: QueryOf<Row>;
  entity: FieldOf<Row>;
  reason: FieldOf<Row>;
  /** Event time field (epoch ms, ISO string or Date). */
  time: FieldOf<Row>;
  /** `critical` | `high` | `medium` | `low` | `info` (anything else shows as `info`). */
  severity?: FieldOf<Row>;
  /** Alerts shown at most. Default 50. */
  max?: number;
  /** Extra detail line from the row (evidence). */
  detail?: (row: Row) => string;
}

const SEVERITIES = new Set(['critical', 'high', 'medium', 'low', 'info']);

/**
 * The severity class of a value (unknown values show as `info`).
 *
 * @example
 * severityOf('HIGH'); // 'high'
 * severityOf('<script>'); // 'info'
 */
export function severityOf(v: unknown): string {
  const s = String(v ?? '').toLowerCase();
  return SEVERITIES.has(s) ? s : 'info';
}

/**
 * An alerts feed fed by an append-mode query.
 *
 * @example
 * alertsFeed(live, { query: 'alerts', entity: 'sensor', reason: 'reason', time: 'ts', severity: 'severity' });
 */
export function alertsFeed<Row extends object = Record<string, unknown>>(client: LiveClient, opts: AlertsFeedOptions<Row>): HTMLElement {
  const max = opts.max ?? 50;
  const list = h('ol', { class: 'alerts', 'aria-label': 'Alerts, newest first' });
  const empty = h('p', { class: 'empty' }, 'No alerts yet.');
  const el = h('div', { class: 'alerts-wrap' }, empty, list);
  const item = (row: Record<string, unknown>) => {
    const sev = severityOf(opts.severity ? get(row, opts.severity) : 'info');
    const t = toMs(get(row, opts.time));
    return h(
      'li',
      { class: 'alert', 'data-severity': sev, tabindex: '0' },
      h('span', { class: `sev sev-${sev}` }, sev),
      h('span', { class: 'alert-entity' }, text(get(row, opts.entity))),
      h('span', { class: 'alert-reason' }, text(get(row, opts.reason))),
      h('time', { class: 'alert-time', datetime: Number.isFinite(t) ? new Date(t).toISOString() : '' }, formatTime(t)),
      opts.detail ? h('span', { class: 'alert-detail' }, opts.detail(row as Row)) : null,
    );
  };
  client.onQuery(opts.query, (view, msg, kind) => {
    if (kind === 'snapshot') {
      list.replaceChildren(
        ...view.table
          .rows()
          .slice(-max)
          .reverse()
          .map((r) => item(r)),
      );
    } else {
      const rows = msg.rows.slice(-max);
      const frag = document.createDocumentFragment();
      for (let i = rows.length - 1; i >= 0; i--) frag.appendChild(item(rows[i] as Record<string, unknown>));
      list.prepend(frag);
      while (list.childElementCount > max) list.lastElementChild?.remove();
    }
    empty.hidden = list.childElementCount > 0;
  });
  return el;
}
