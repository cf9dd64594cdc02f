/**
 * KPI tiles: big numbers computed from a query's current table.
 */
import type { LiveClient, QueryView } from './client.js';
import { formatNumber, frameThrottle, h } from './dom.js';

export interface KpiSpec {
  label: string;
  query: string;
  /** The tile's value from the query's view (e.g. the sum of a field over the latest window). */
  value: (view: QueryView) => number | null;
  unit?: string;
  digits?: number;
}

/**
 * A KPI value: the sum of `field` over the rows of the newest window in an update-mode table
 * (rows carry `window: { start, end }`); `null` while the table has no windowed row.
 *
 * @example
 * kpiTiles(live, [{ label: 'Rides, current window', query: 'rides', value: latestWindowSum('rides') }]);
 */
export function latestWindowSum(field: string): (view: { table: { rows(): Record<string, unknown>[] } }) => number | null {
  return (view) => {
    let latest = -Infinity;
    let total = 0;
    for (const r of view.table.rows()) {
      const start = (r.window as { start: number } | undefined)?.start ?? -Infinity;
      if (start > latest) {
        latest = start;
        total = 0;
      }
      if (start === latest) total += Number(r[field]) || 0;
    }
    return Number.isFinite(latest) ? total : null;
  };
}

/**
 * A row of KPI tiles.
 *
 * @example
 * kpiTiles(live, [{ label: 'Events/s', query: 'rates', value: (v) => v.progress?.inputRowsPerSecond ?? null }]);
 */
export function kpiTiles(client: LiveClient, specs: KpiSpec[]): HTMLElement {
  const el = h('div', { class: 'kpis' });
  for (const spec of specs) {
    const value = h('span', { class: 'kpi-value', 'data-kpi': spec.label }, '–');
    el.appendChild(h('div', { class: 'kpi' }, h('span', { class: 'kpi-label' }, spec.label), h('span', { class: 'kpi-line' }, value, spec.unit ? h('span', { class: 'kpi-unit' }, spec.unit) : null)));
    const render = frameThrottle(() => {
      const v = spec.value(client.view(spec.query));
      value.textContent = v === null ? '–' : formatNumber(v, spec.digits);
    });
    client.onQuery(spec.query, render);
  }
  return el;
}
