/**
 * A live time-series chart (uPlot) of one or more numeric fields of a query's table over time.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { FieldOf, QueryOf } from '../queries.js';
import type { LiveClient } from './client.js';
import { clockTime, frameThrottle, get, h, toMs, xValue } from './dom.js';

export interface SeriesSpec<Row extends object = Record<string, unknown>> {
  /** Field (dotted path) holding the value. */
  field: FieldOf<Row>;
  label: string;
  /** CSS color; defaults to the kit's palette. */
  color?: string;
}

export interface TimeSeriesOptions<Row extends object = Record<string, unknown>> {
  /** The query: its handle (the fields are checked against its rows) or id. */
  query: QueryOf<Row>;
  /** Field (dotted path) holding the time: epoch ms, ISO string, or a window (its `start` is used). */
  x: FieldOf<Row>;
  series: SeriesSpec<Row>[];
  /** Rows with the same x from different keys are summed (e.g. counts per key per window). Default true. */
  sumByX?: boolean;
  /** Only the newest `maxPoints` points are drawn. Default 120. */
  maxPoints?: number;
  /**
   * Also draw windows that are not complete yet: those that end after the newest event time the
   * query has seen (the window that just opened, whose count is still growing, so the line would
   * dip at its end). Default false; only applies when `x` is a window field.
   */
  openWindows?: boolean;
  height?: number;
  /** Accessible description of the chart. */
  label?: string;
}

export const PALETTE = ['#3b82f6', '#f97316', '#10b981', '#a855f7', '#ef4444', '#eab308'];

/**
 * Rows to uPlot's aligned columns: x ascending (seconds), one column per series; windows that
 * end after `maxEventTimeMs` (not complete yet) are left out unless `openWindows`.
 *
 * @example
 * toColumns([{ ts: 2000, n: 1 }, { ts: 1000, n: 2 }], { x: 'ts', series: [{ field: 'n', label: 'N' }] }); // [[1, 2], [2, 1]]
 */
export function toColumns(
  rows: readonly unknown[],
  opts: Pick<TimeSeriesOptions, 'x' | 'series' | 'sumByX' | 'maxPoints' | 'openWindows'>,
  maxEventTimeMs: number | null = null,
): number[][] {
  const byX = new Map<number, number[]>();
  const sum = opts.sumByX ?? true;
  // a window is complete when it ends by the newest event time seen (as latestWindowSum's KPI)
  const upTo = opts.openWindows || maxEventTimeMs === null ? Number.POSITIVE_INFINITY : maxEventTimeMs;
  for (const r of rows) {
    const w = get(r, opts.x);
    if (w && typeof w === 'object' && 'end' in w && !(toMs((w as { end: unknown }).end) <= upTo)) continue;
    const x = xValue(r, opts.x);
    if (!Number.isFinite(x)) continue;
    let acc = byX.get(x);
    if (!acc) byX.set(x, (acc = opts.series.map(() => 0)));
    opts.series.forEach((s, i) => {
      const v = Number(get(r, s.field));
      if (Number.isFinite(v)) acc[i] = sum ? (acc[i] as number) + v : v;
    });
  }
  const xs = [...byX.keys()].sort((a, b) => a - b).slice(-(opts.maxPoints ?? 120));
  return [xs.map((x) => x / 1000), ...opts.series.map((_, i) => xs.map((x) => (byX.get(x) as number[])[i] as number))];
}

/**
 * An x-axis tick (seconds since the epoch) as local 24-hour time: `11:02:30` when ticks are less
 * than a minute apart, else `11:02`.
 *
 * @example
 * tickLabel(Date.parse('2026-01-01T11:02:30') / 1000, 10); // '11:02:30'
 */
export function tickLabel(sec: number, incrSec: number): string {
  return clockTime(sec * 1000, incrSec < 60);
}

/**
 * A uPlot chart that redraws (once per frame at most) when the query changes.
 *
 * @example
 * timeSeries(live, { query: 'speed', x: 'window', series: [{ field: 'avgSpeed', label: 'Average speed' }] });
 */
export function timeSeries<Row extends object = Record<string, unknown>>(client: LiveClient, opts: TimeSeriesOptions<Row>): HTMLElement {
  const height = opts.height ?? 220;
  const el = h('figure', { class: 'chart', role: 'img', 'aria-label': opts.label ?? `${opts.series.map((s) => s.label).join(', ')} over time` });
  const css = getComputedStyle(document.documentElement);
  const axisColor = () => css.getPropertyValue('--muted').trim() || '#888';
  const gridColor = () => css.getPropertyValue('--grid').trim() || 'rgba(128,128,128,.2)';
  const axis = (): uPlot.Axis => ({ stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor, width: 1 } });
  const plot = new uPlot(
    {
      width: 400,
      height,
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true } },
      // one line of 24-hour local time per tick, as the tables show times (uPlot's default adds a
      // second line of date and hour at some ticks, which overlap on a narrow chart)
      axes: [
        { ...axis(), space: 64, values: (_u, splits, _i, _space, incr) => splits.map((sec) => tickLabel(sec, incr)) },
        { ...axis(), size: 56 },
      ],
      series: [{}, ...opts.series.map((s, i) => ({ label: s.label, stroke: s.color ?? PALETTE[i % PALETTE.length], width: 2, points: { show: false } }))],
    },
    [[], ...opts.series.map(() => [])],
    el,
  );
  const resize = () => plot.setSize({ width: Math.max(200, el.clientWidth), height });
  new ResizeObserver(resize).observe(el);
  const render = frameThrottle(() => {
    const view = client.view(opts.query);
    plot.setData(toColumns(view.table.rows(), opts as TimeSeriesOptions, view.maxEventTimeMs) as uPlot.AlignedData);
  });
  client.onQuery(opts.query, render);
  return el;
}
