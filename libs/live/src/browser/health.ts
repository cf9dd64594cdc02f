/**
 * The streaming-health panel: every query of the use case (those its dashboard shows and those it
 * does not: rule queries feeding others, writers to Kafka), from `GET /api/<use-case>/progress`
 * polled once a second (the latest batch and totals of each): watermark vs max event time, input
 * and processed rows per second (rows over the wall time between batches, over the last 10 s),
 * late rows since the query started, state rows, batch time and the batch id.
 */
import type { QueryTotals } from '../query-totals.js';
import { queryId, type QueryRef } from '../queries.js';
import { fetchJson, type LiveClient } from './client.js';
import { formatDuration, formatNumber, formatTime, h } from './dom.js';
import { pushSample, rateOver } from './rates.js';

/** The part of a completed batch's progress the panel reads. */
interface Progress {
  batchId: number;
  timestamp: string;
  eventTime: { max?: string; watermark?: string };
  durationMs: { triggerExecution?: number };
  stateOperators: { numRowsTotal: number }[];
}

/** `GET /api/<use-case>/progress` (the latest batch of each query). */
export interface ProgressResponse {
  nowMs: number;
  queries: { query: string; totals: QueryTotals; progress: Progress[] }[];
}

export interface HealthPanelOptions {
  /** How often the progress API is read (ms). Default 1000. */
  refreshMs?: number;
  /** Span of the rates (s). Default 10. */
  rateSeconds?: number;
  /** Reads the progress API (tests replace it). Default: `fetchJson` on this page's origin. */
  fetchProgress?: (namespace: string) => Promise<ProgressResponse>;
}

/** One query's row of the panel, computed from what the API said so far. */
export interface HealthRow {
  query: string;
  batchId: number | null;
  watermarkMs: number | null;
  maxEventTimeMs: number | null;
  inputRowsPerSecond: number | null;
  processedRowsPerSecond: number | null;
  lateRows: number;
  stateRows: number | null;
  durationMs: number | null;
}

/**
 * What the panel keeps per query between polls: the running input total at each batch's start
 * (input rate) and at its end (processed rate).
 *
 * @example
 * const health = new HealthModel(10);
 * health.update(await fetchJson('/api/demo/progress'));
 * health.rows(['alerts']); // alerts first, then every other query
 */
export class HealthModel {
  private readonly started = new Map<string, [number, number][]>();
  private readonly completed = new Map<string, [number, number][]>();
  /** The newest event time each query has seen (a batch's own max may be older than the watermark). */
  private readonly maxEventTime = new Map<string, number>();
  private latest: ProgressResponse | null = null;

  constructor(private readonly rateSeconds = 10) {}

  update(res: ProgressResponse): void {
    this.latest = res;
    const keep = this.rateSeconds * 1000 * 2;
    for (const q of res.queries) {
      const p = q.progress[q.progress.length - 1];
      if (!p) continue;
      const t = Date.parse(p.timestamp);
      if (!Number.isFinite(t)) continue;
      let s = this.started.get(q.query);
      if (!s) this.started.set(q.query, (s = []));
      let c = this.completed.get(q.query);
      if (!c) this.completed.set(q.query, (c = []));
      pushSample(s, [t, q.totals.inputRows], keep);
      const max = p.eventTime.max === undefined ? Number.NaN : Date.parse(p.eventTime.max);
      if (max > (this.maxEventTime.get(q.query) ?? Number.NEGATIVE_INFINITY)) this.maxEventTime.set(q.query, max);
      pushSample(c, [t + (p.durationMs.triggerExecution ?? 0), q.totals.inputRows], keep);
    }
  }

  /** Every query the API listed, those in `first` first (in that order). */
  rows(first: readonly string[] = []): HealthRow[] {
    const qs = this.latest?.queries ?? [];
    const order = [...first, ...qs.map((q) => q.query).filter((q) => !first.includes(q))];
    const now = this.latest?.nowMs;
    return order.map((query) => {
      const q = qs.find((x) => x.query === query);
      const p = q?.progress[q.progress.length - 1];
      const time = (iso: string | undefined) => (iso === undefined ? null : Date.parse(iso));
      return {
        query,
        batchId: p?.batchId ?? null,
        watermarkMs: time(p?.eventTime.watermark),
        maxEventTimeMs: this.maxEventTime.get(query) ?? null,
        inputRowsPerSecond: rateOver(this.started.get(query) ?? [], this.rateSeconds, now),
        processedRowsPerSecond: rateOver(this.completed.get(query) ?? [], this.rateSeconds, now),
        lateRows: q?.totals.lateRows ?? 0,
        stateRows: p ? p.stateOperators.reduce((n, op) => n + op.numRowsTotal, 0) : null,
        durationMs: p?.durationMs.triggerExecution ?? null,
      };
    });
  }
}

/**
 * @example
 * healthPanel(live, [queries.counts, queries.alerts]); // these first, then every other query
 */
export function healthPanel(client: LiveClient, queries: readonly QueryRef[] = [], opts: HealthPanelOptions = {}): HTMLElement {
  const first = queries.map((q) => queryId(q));
  const model = new HealthModel(opts.rateSeconds ?? 10);
  const read = opts.fetchProgress ?? ((ns: string) => fetchJson<ProgressResponse>(`/api/${encodeURIComponent(ns)}/progress`));
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
          h('th', { scope: 'col', title: HEADER_TITLES[t] ?? null }, t),
        ),
      ),
    ),
    tbody,
  );
  const num = (n: number | null) => (n === null ? '–' : formatNumber(n));
  const row = (r: HealthRow) => {
    // newest event time seen minus the watermark; unknown (–) while the panel has seen no batch as new as the watermark
    const lag =
      r.maxEventTimeMs !== null && r.watermarkMs !== null && r.watermarkMs > 0 && r.maxEventTimeMs >= r.watermarkMs
        ? r.maxEventTimeMs - r.watermarkMs
        : Number.NaN;
    const behind = r.inputRowsPerSecond !== null && r.processedRowsPerSecond !== null && r.processedRowsPerSecond < r.inputRowsPerSecond * 0.9;
    return h(
      'tr',
      { 'data-query': r.query },
      h('th', { scope: 'row' }, r.query),
      h('td', { class: 'num' }, r.batchId === null ? '–' : String(r.batchId)),
      h('td', { class: 'mono' }, r.watermarkMs ? formatTime(r.watermarkMs) : '–'),
      h('td', { class: 'mono' }, r.maxEventTimeMs ? formatTime(r.maxEventTimeMs) : '–'),
      h('td', { class: 'num' }, formatDuration(lag)),
      h('td', { class: 'num', 'data-col': 'input-rate' }, num(r.inputRowsPerSecond)),
      h(
        'td',
        {
          class: `num ${behind ? 'warn' : ''}`,
          'data-col': 'processed-rate',
          title: behind ? 'Processing is slower than input: the query falls behind' : null,
        },
        num(r.processedRowsPerSecond),
      ),
      h('td', { class: `num ${r.lateRows > 0 ? 'warn' : ''}`, 'data-col': 'late-rows' }, formatNumber(r.lateRows)),
      h('td', { class: 'num' }, num(r.stateRows)),
      h('td', { class: 'num' }, r.durationMs === null ? '–' : formatDuration(r.durationMs)),
    );
  };
  const render = () => tbody.replaceChildren(...model.rows(first).map(row));
  let busy = false;
  const poll = () => {
    if (busy || client.state === 'unauthorized') return;
    busy = true;
    read(client.namespace)
      .then((res) => {
        model.update(res);
        render();
      })
      .catch(() => {}) // the connection badge shows a server that is down; the next poll retries
      .finally(() => (busy = false));
  };
  render();
  poll();
  setInterval(poll, opts.refreshMs ?? 1000);
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Streaming health' }, table);
}

const HEADER_TITLES: Record<string, string> = {
  'Input rows/s': 'Rows read per second over the last 10 s (wall time between batches)',
  'Processed rows/s': 'Rows whose batch completed per second over the last 10 s (wall time between batch ends)',
  'Late rows': 'Rows the watermark dropped since the query started',
  'Batch time': 'Duration of the latest batch',
};
