/**
 * Machine detail: one small chart per sensor of the selected machine, its window means over the
 * last simulated hour, with the rated limit (red, dashed) and the nominal value (grey) as
 * threshold lines, from the rated-limits query (each statistics window joined with the catalog).
 */
import { formatNumber, h, type LiveClient, s } from '@streamlab/live/browser';
import { SENSOR_UNITS, type Sensor } from '../domain/catalog.js';
import type { LimitScore } from '../pipelines/anomaly-limits.js';
import { queries } from '../queries.js';

const W = 300;
const H = 110;

/** One sensor's chart: its points and threshold lines, scaled to fit both. */
export function sensorChart(sensor: Sensor, points: readonly LimitScore[]): SVGSVGElement {
  const last = points.at(-1)!;
  const values = points.map((p) => p.mean);
  const lo = Math.min(...values, last.nominal, last.limit);
  const hi = Math.max(...values, last.nominal, last.limit);
  const pad = (hi - lo) * 0.1 || 1;
  const y = (v: number) => H - 16 - ((v - lo + pad) / (hi - lo + 2 * pad)) * (H - 24);
  const t0 = points[0]!.eventTime;
  const span = Math.max(1, last.eventTime - t0);
  const x = (t: number) => 4 + ((t - t0) / span) * (W - 8);
  const line = (v: number, cls: string, dash: string) =>
    s('line', { x1: 0, x2: W, y1: y(v), y2: y(v), class: cls, 'stroke-dasharray': dash, 'stroke-width': 1 });
  return s(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', 'aria-label': `${sensor} of ${last.machineId}`, 'data-sensor': sensor, class: 'sensor-chart' },
    line(last.limit, 'threshold limit', '4 3'),
    line(last.nominal, 'threshold nominal', '2 3'),
    s('polyline', {
      points: points.map((p) => `${x(p.eventTime).toFixed(1)},${y(p.mean).toFixed(1)}`).join(' '),
      fill: 'none',
      stroke: 'var(--accent, #2563eb)',
      'stroke-width': 1.5,
    }),
    s('text', { x: 4, y: H - 2, 'font-size': 11 }, `${sensor} ${formatNumber(last.mean)} ${SENSOR_UNITS[sensor]} (limit ${last.limit})`),
  );
}

/**
 * The detail panel and a `select(machineId)` to show another machine.
 *
 * @example
 * const detail = machineDetail(live, 'P1-L1-M01');
 */
export function machineDetail(live: LiveClient, first: string): { el: HTMLElement; select(machineId: string): void } {
  let selected = first;
  const title = h('div', { class: 'detail-title' }, selected);
  const charts = h('div', { class: 'detail-charts' });
  const render = () => {
    const rows = (live.view(queries.limits).table.rows() as unknown as LimitScore[]).filter((r) => r.machineId === selected);
    const bySensor = new Map<Sensor, LimitScore[]>();
    const newest = Math.max(0, ...rows.map((r) => r.eventTime));
    for (const r of rows) {
      if (r.eventTime < newest - 3_600_000) continue;
      let list = bySensor.get(r.sensor);
      if (!list) bySensor.set(r.sensor, (list = []));
      list.push(r);
    }
    title.textContent = `${selected}: sensor means per window, rated limit dashed red, nominal dotted`;
    charts.replaceChildren(
      ...[...bySensor].map(([sensor, pts]) =>
        sensorChart(
          sensor,
          pts.sort((a, b) => a.eventTime - b.eventTime),
        ),
      ),
    );
  };
  live.onQuery(queries.limits, render);
  return {
    el: h('div', { class: 'machine-detail' }, title, charts),
    select(machineId) {
      selected = machineId;
      render();
    },
  };
}
