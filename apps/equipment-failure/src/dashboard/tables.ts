/**
 * The work-order list (the latest version of each order, open first), OEE per line and shift
 * with its three factors, the stoppages (one row each) and each sensor's current health. Cells
 * are text only; each table scrolls inside its panel rather than widening the page.
 */
import { formatDuration, formatTime, h, type LiveClient } from '@streamlab/live/browser';
import type { WorkOrder } from '../domain/work-order.js';
import type { OeeRow } from '../pipelines/oee.js';
import { queries } from '../queries.js';
import { latestSensorHealth, latestStoppages } from './rows.js';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function table(head: readonly string[], id: string, label: string): { el: HTMLElement; body: HTMLTableSectionElement } {
  const body = h('tbody');
  const el = h('table', { class: 'data', id }, h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))), body);
  return { el: h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': label }, el), body };
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
  const t = table(['Order', 'Machine', 'Failure mode', 'Status', 'Opened', 'RUL at opening', 'Closed by'], 'work-orders', 'Work orders');
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
  const t = table(['Line', 'Shift', 'Availability', 'Performance', 'Quality', 'OEE', 'Parts'], 'oee', 'OEE per line and shift');
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

/** Stoppages: one row per breakdown (update mode resends a stoppage as it grows), newest first. */
export function stoppageTable(live: LiveClient): HTMLElement {
  const t = table(['Machine', 'Down since', 'Down for', 'Records'], 'stoppages', 'Stoppages');
  live.on(queries.downtime, (rows) => {
    t.body.replaceChildren(
      ...latestStoppages(rows, 12).map((s) =>
        h(
          'tr',
          { 'data-machine': s.machineId },
          h('td', {}, s.machineId),
          h('td', {}, formatTime(s.session_window.start)),
          h('td', { class: 'num' }, formatDuration(s.downMs)),
          h('td', { class: 'num' }, String(s.records)),
        ),
      ),
    );
  });
  return t.el;
}

/** Each sensor's current health (its latest change), faulty sensors first. */
export function sensorHealthTable(live: LiveClient): HTMLElement {
  const t = table(['Machine', 'Sensor', 'Status', 'Since'], 'sensor-health', 'Sensor health');
  live.on(queries.sensorHealth, (rows) => {
    t.body.replaceChildren(
      ...latestSensorHealth(rows, 20).map((s) =>
        h(
          'tr',
          { 'data-status': s.status },
          h('td', {}, s.machineId),
          h('td', {}, s.sensor),
          h('td', { class: s.status === 'ok' ? '' : 'warn' }, s.status),
          h('td', {}, formatTime(s.since)),
        ),
      ),
    );
  });
  return t.el;
}
