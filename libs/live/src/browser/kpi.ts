/**
 * KPI tiles: big numbers computed from a query's current table.
 */
import type { QueryRef } from '../queries.js';
import type { LiveClient, QueryView } from './client.js';
import { formatNumber, frameThrottle, h } from './dom.js';

export interface KpiSpec {
  label: string;
  /** The query: its handle (`queries.rates`) or id. */
  query: QueryRef;
  /** The tile's value from the query's view (e.g. the sum of a field over the latest window). */
  value: (view: QueryView) => number | null;
  unit?: string;
  digits?: number;
  /**
   * What the tile says while `value` is `null` because nothing has happened yet that it measures
   * (e.g. 'no acks yet' for a time to acknowledge), instead of '–', which means "no data yet".
   * Shown smaller, and the unit is hidden.
   */
  empty?: string;
}

/**
 * A KPI value: the sum of `field` over the rows of the newest complete window in a windowed table
 * (rows carry `window: { start, end }`): the newest window that ends by the newest event time the
 * query has seen. The window that just opened is left out (its count is still growing, so a tile
 * showing it reads low). `null` until a window is complete.
 *
 * @example
 * kpiTiles(live, [{ label: 'Rides, last complete 10 s', query: 'rides', value: latestWindowSum('rides') }]);
 */
export function latestWindowSum(field: string): (view: { table: { rows(): Record<string, unknown>[] }; maxEventTimeMs: number | null }) => number | null {
  return (view) => {
    const upTo = view.maxEventTimeMs;
    if (upTo === null) return null;
    let latest = -Infinity;
    let total = 0;
    for (const r of view.table.rows()) {
      const w = r.window as { start: number; end: number } | undefined;
      if (!w || !(w.end <= upTo)) continue;
      if (w.start > latest) {
        latest = w.start;
        total = 0;
      }
      if (w.start === latest) total += Number(r[field]) || 0;
    }
    return Number.isFinite(latest) ? total : null;
  };
}

/**
 * A KPI value: input rows per second over the last `seconds` of batches (by the batches' own
 * processing time), from the rows of every batch message in that span. Steadier than one
 * batch's `inputRowsPerSecond`, which is 0 for every no-data batch (a watermark-only batch) and
 * so makes a tile flicker between the rate and 0. With fewer than two batches seen it falls back
 * to the latest batch's rate; `null` before any.
 *
 * @example
 * kpiTiles(live, [{ label: 'Events per second', query: 'rates', value: inputRate(10) }]);
 */
export function inputRate(seconds = 10): (view: Pick<QueryView, 'inputHistory' | 'progress'>) => number | null {
  return (view) => {
    const h = view.inputHistory;
    const n = h.length;
    if (n < 2) return view.progress?.inputRowsPerSecond ?? null;
    const last = h[n - 1]![0];
    const from = last - seconds * 1000;
    // The rows of batch i came in between batch i-1 and batch i: count the batches after the
    // oldest one inside the span, over the time from that oldest one to the last.
    let i = n - 1;
    let rows = 0;
    while (i > 0 && h[i - 1]![0] >= from) rows += h[i--]![1];
    if (i > 0) rows += h[i]![1] * ((h[i]![0] - from) / Math.max(1, h[i]![0] - h[i - 1]![0]));
    const span = i > 0 ? last - from : last - h[i]![0];
    return span > 0 ? (rows * 1000) / span : (view.progress?.inputRowsPerSecond ?? null);
  };
}

/**
 * A row of KPI tiles.
 *
 * @example
 * kpiTiles(live, [{ label: 'Events/s', query: 'rates', value: inputRate(10) }]);
 */
export function kpiTiles(client: LiveClient, specs: KpiSpec[]): HTMLElement {
  const el = h('div', { class: 'kpis' });
  for (const spec of specs) {
    const value = h('span', { class: 'kpi-value', 'data-kpi': spec.label }, '–');
    el.appendChild(
      h(
        'div',
        { class: 'kpi' },
        h('span', { class: 'kpi-label' }, spec.label),
        h('span', { class: 'kpi-line' }, value, spec.unit ? h('span', { class: 'kpi-unit' }, spec.unit) : null),
      ),
    );
    const unit = value.nextElementSibling as HTMLElement | null;
    const render = frameThrottle(() => {
      const view = client.view(spec.query);
      const v = spec.value(view);
      // only once the query has data: before it, the tile is as unknown as any other ('–')
      const waiting = v === null && spec.empty !== undefined && view.progress !== null;
      value.textContent = v === null ? (waiting ? spec.empty! : '–') : formatNumber(v, spec.digits);
      value.classList.toggle('kpi-empty', waiting);
      if (unit) unit.hidden = waiting;
    });
    client.onQuery(spec.query, render);
  }
  return el;
}
