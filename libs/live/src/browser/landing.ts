/**
 * The hub's landing page: one live tile per use case (a sparkline of its main metric and its
 * latest alert), each linking to the use case's dashboard.
 */
import './styles.css';
import type { UseCaseSummary } from '../use-case.js';
import { fetchJson, LiveClient, pageToken } from './client.js';
import { formatNumber, formatTime, frameThrottle, get, h, replaceChildren, text, toMs, xValue } from './dom.js';
import { dashboardShell } from './shell.js';
import { sparkline } from './sparkline.js';
import { severityOf } from './alerts.js';

function tile(uc: UseCaseSummary): { el: HTMLElement; client: LiveClient } {
  const client = new LiveClient(uc.name, { maxRows: 200 });
  const spark = h('div', { class: 'tile-spark' });
  const value = h('span', { class: 'tile-value' }, '–');
  const alert = h('p', { class: 'tile-alert' }, uc.tile?.alerts ? 'No alerts yet' : '');
  const dot = h('span', { class: 'conn-dot', 'aria-hidden': 'true' });
  const el = h(
    'a',
    { class: 'tile', href: uc.path, 'data-use-case': uc.name },
    h('div', { class: 'tile-head' }, h('h2', {}, uc.title), h('span', { class: 'conn', 'data-state': 'connecting' }, dot)),
    h('p', { class: 'tile-desc' }, uc.description),
    h('div', { class: 'tile-metric' }, value, h('span', { class: 'kpi-unit' }, uc.tile?.sparkline.label ?? '')),
    spark,
    alert,
    h('span', { class: 'tile-open', 'aria-hidden': 'true' }, 'Open dashboard →'),
  );
  client.onState((s) => ((dot.parentElement as HTMLElement).dataset.state = s));
  const sp = uc.tile?.sparkline;
  if (sp) {
    const render = frameThrottle(() => {
      const byX = new Map<number, number>();
      for (const r of client.view(sp.query).table.rows()) {
        const x = xValue(r, sp.x);
        const y = Number(get(r, sp.y));
        if (Number.isFinite(x) && Number.isFinite(y)) byX.set(x, (byX.get(x) ?? 0) + y);
      }
      const sorted = [...byX].sort((a, b) => a[0] - b[0]);
      const pts = (sp.skipLast ? sorted.slice(0, -1) : sorted).slice(-40);
      replaceChildren(spark, sparkline(pts));
      const last = pts[pts.length - 1];
      value.textContent = last ? formatNumber(last[1]) : '–';
    });
    client.onQuery(sp.query, render);
  }
  const al = uc.tile?.alerts;
  if (al) {
    client.onQuery(al.query, (view) => {
      const rows = view.table.rows();
      const r = rows[rows.length - 1];
      if (!r) return;
      const sev = severityOf(al.severity ? get(r, al.severity) : 'info');
      replaceChildren(
        alert,
        h('span', { class: `sev sev-${sev}` }, sev),
        ' ',
        h('strong', {}, text(get(r, al.entity))),
        ' ',
        text(get(r, al.reason)),
        ' · ',
        formatTime(toMs(get(r, al.time))),
      );
    });
  }
  return { el, client };
}

async function main(): Promise<void> {
  const shell = dashboardShell({ title: 'StreamLab', subtitle: 'Real-time use cases on a Spark-style streaming engine', homeLink: false });
  const mode = h('span', { class: 'mode-pill' }, 'broker: …');
  shell.main.appendChild(
    h(
      'section',
      { class: 'hero span-3', 'aria-label': 'About' },
      h(
        'p',
        {},
        'Each tile is a use case running live in this process: micro-batch queries with event-time windows, watermarks and output modes, streamed to its dashboard over socket.io.',
      ),
      h('p', { class: 'hero-links' }, mode, h('a', { href: '/healthz' }, 'Health'), h('a', { href: '/metrics' }, 'Metrics')),
    ),
  );
  const grid = h('div', { class: 'tiles' });
  shell.main.appendChild(grid);
  // /healthz answers 503 with the same body when a query failed: the broker is known either way
  healthz().then(
    (hz) => (mode.textContent = `broker: ${hz.broker.mode}${hz.status === 'ok' ? '' : ` · ${hz.status}: a query failed (see Health)`}`),
    () => (mode.textContent = 'broker: unknown'),
  );
  try {
    const useCases = await fetchJson<UseCaseSummary[]>('/api/use-cases');
    if (useCases.length === 0) grid.appendChild(h('p', { class: 'empty' }, 'No use cases found.'));
    for (const uc of useCases) grid.appendChild(tile(uc).el);
  } catch (err) {
    grid.appendChild(
      h(
        'p',
        { class: 'error', role: 'alert' },
        `Could not load the use cases: ${String((err as Error).message)}. If the hub requires a token, open this page with ?token=…`,
      ),
    );
  }
}

void main();

/** `/healthz`'s body, also when it answers 503 (degraded). */
async function healthz(): Promise<{ status: string; broker: { mode: string } }> {
  const token = pageToken();
  const res = await fetch('/healthz', { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok && res.status !== 503) throw new Error(`/healthz: HTTP ${res.status}`);
  return (await res.json()) as { status: string; broker: { mode: string } };
}
