/**
 * The work-order list (the latest version of each order, open first) and OEE per line and shift
 * with its three factors. Cells are text only.
 */
import { formatDuration, formatTime, h, type LiveClient } from '@streamlab/live/browser';
import type { WorkOrder } from '../domain/work-order.js';
import type { OeeRow } from '../pipelines/oee.js';
import { queries } from '../queries.js';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function table(head: readonly string[], id: string): { el: HTMLTableElement; body: HTMLTableSectionElement } {
  const body = h('tbody');
  const el = h('table', { class: 'data', id }, h('thead', {}, h('tr', {}, ...head.map((c) => h('th', {}, c)))), body);
  return { el, body };
}

/**
 * The latest version of each order: open ones first, then the most recently closed.
 *
 * @example
 * latestOrders(rows)[0].status; // 'open'
 */
export function latestOrders(rows: readonly WorkOrder[]): WorkOrder[] {
  const latest = new Map<string, WorkOrder>();
  for (const r of rows) {
    const prev = latest.get(r.orderId);
    if (!prev || prev.status === 'open') latest.set(r.orderId, r);
  }
  return [...latest.values()].sort((a, b) => (a.status === b.status ? b.eventTime - a.eventTime : a.status === 'open' ? -1 : 1));
}

/** The work-order list. */
export function workOrderList(live: LiveClient): HTMLElement {
  const t = table(['Order', 'Machine', 'Failure mode', 'Status', 'Opened', 'RUL at opening', 'Closed by'], 'work-orders');
  live.on(queries.workOrders, (rows) => {
    t.body.replaceChildren(
      ...latestOrders(rows)
        .slice(0, 25)
        .map((o) =>
          h(
            'tr',
            { 'data-status': o.status, 'data-order': o.orderId },
            h('td', {}, o.orderId),
            h('td', {}, o.machineId),
            h('td', {}, o.mode),
            h('td', { class: o.status === 'open' ? 'warn' : '' }, o.status),
            h('td', {}, formatTime(o.openedAt)),
            h('td', {}, formatDuration(o.rulAtOpenMs)),
            h('td', {}, o.resolution ?? ''),
          ),
        ),
    );
  });
  return t.el;
}

/** OEE per line, newest shift first. */
export function oeeTable(live: LiveClient): HTMLElement {
  const t = table(['Line', 'Shift', 'Availability', 'Performance', 'Quality', 'OEE', 'Parts'], 'oee');
  live.on(queries.oee, (rows: OeeRow[]) => {
    // update mode: each change of a shift's figures is a new row; the last one per line and shift is current
    const latest = new Map<string, OeeRow>();
    for (const r of rows) latest.set(`${r.lineId}@${r.window.start}`, r);
    const sorted = [...latest.values()].sort((a, b) => b.window.start - a.window.start || a.lineId.localeCompare(b.lineId)).slice(0, 16);
    t.body.replaceChildren(
      ...sorted.map((r) =>
        h(
          'tr',
          { 'data-line': r.lineId },
          h('td', {}, r.lineId),
          h('td', {}, `${r.shift} ${formatTime(r.window.start)}`),
          h('td', {}, pct(r.availability)),
          h('td', {}, pct(r.performance)),
          h('td', {}, pct(r.quality)),
          h('td', {}, pct(r.oee)),
          h('td', {}, String(r.totalCount)),
        ),
      ),
    );
  });
  return t.el;
}
