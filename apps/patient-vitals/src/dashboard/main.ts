/**
 * The ward's screen (browser): the bed grid coloured by NEWS2, the selected patient's detail
 * (sparklines, NEWS2 breakdown, alert history), the alert list with acknowledge, the KPIs (time to
 * acknowledge among them), monitoring coverage, dead letters and streaming health. Names come
 * from the census query (socket.io, behind the token); every value from data is rendered as text.
 * A demo of streaming engineering, not a medical device.
 */
import { LiveClient, dashboardShell, deadLetterCount, deadLettersTable, frameThrottle, h, healthPanel, kpiTiles, windowsTable } from '@streamlab/live/browser';
import './styles.css';
import { type Alert, queries } from '../queries.js';
import { alertList } from './alert-list.js';
import { patientDetail } from './patient-detail.js';
import { renderWardGrid } from './ward-grid.js';
import { acknowledged, latestBy, medianTta, newestAlerts, wardBeds } from './ward-model.js';

// every minute value of a ward for a few hours: the sparklines' history
const live = new LiveClient('patient-vitals', { maxRows: 50_000 });
const shell = dashboardShell({ title: 'Patient vitals', subtitle: 'NEWS2 per patient, live · a demo, not a medical device', clients: [live] });

let selected: string | null = null;
const census = () => live.view(queries.census).table.rows() as unknown as import('../queries.js').CensusRow[];
const nameOf = (patientId: string) => census().find((c) => c.patientId === patientId)?.name ?? patientId;

shell.panel(
  'Now',
  kpiTiles(live, [
    // beds whose monitor is sending: the coverage query reads the monitors directly, so it is live at once
    {
      label: 'Monitored beds',
      query: queries.coverage,
      value: (v) => new Set((v.table.rows() as unknown as { patientId: string }[]).map((r) => r.patientId)).size,
    },
    {
      label: 'Patients scored',
      query: queries.news2,
      value: (v) => latestBy(v.table.rows() as never as { patientId: string; eventTime: number }[], 'patientId').size,
    },
    { label: 'Alerts', query: queries.alerts, value: (v) => v.table.size },
    {
      label: 'Median time to acknowledge (min)',
      query: queries.acks,
      empty: 'no alert acknowledged yet',
      value: (v) => {
        const ms = medianTta(v.table.rows() as never);
        return ms === null ? null : Math.round(ms / 6_000) / 10;
      },
    },
    { label: 'Late samples dropped', query: queries.minutes, value: (v) => v.lateRowsTotal },
    { label: 'Dead-lettered', query: queries.deadLetters, value: deadLetterCount },
  ]),
  { span: 3 },
);

const grid = h('div', { class: 'ward-grid' });
shell.panel('Ward overview', grid, {
  span: 2,
  id: 'ward',
  description: 'Beds coloured by NEWS2 risk; ↑↓ versus 30–60 min ago; "stale" when a parameter stopped coming.',
});
const detail = patientDetail();
shell.panel('Patient', detail.el, { id: 'patient' });
const alerts = alertList({
  nameOf,
  acknowledge: (a: Alert) => live.send('ack', { alertId: a.alertId, patientId: a.patientId }),
  onSelect: (id) => select(id),
  onChange: () => render(),
});
shell.panel('Alerts', alerts.el, {
  span: 2,
  id: 'alerts',
  description: 'NEWS2 escalations, early warnings (trend) and unacknowledged escalations, newest first.',
});
shell.panel(
  'Monitoring gaps',
  windowsTable(live, {
    query: queries.gaps,
    columns: [
      { field: 'patientId', label: 'Patient' },
      { field: 'minutes', label: 'Minutes unmonitored' },
    ],
    max: 12,
  }),
  { id: 'gaps', description: 'Between monitoring sessions (session windows, gap 30 s).' },
);
shell.panel('Dead letters', deadLettersTable(live, queries.deadLetters), {
  span: 3,
  description: 'Records that did not decode and impossible samples, with why.',
});
shell.panel('Streaming health', healthPanel(live, [queries.minutes, queries.news2, queries.alerts, queries.acks, queries.coverage, queries.trends]), {
  span: 3,
  id: 'health',
});

const render = frameThrottle(() => {
  const news2 = live.view(queries.news2).table.rows() as unknown as import('../queries.js').News2Row[];
  renderWardGrid(grid, wardBeds(census(), news2), selected, (id) => select(id));
  const all = live.view(queries.alerts).table.rows() as unknown as Alert[];
  const ackRows = live.view(queries.acks).table.rows() as unknown as import('../queries.js').AckRow[];
  alerts.render(newestAlerts(all, 40), acknowledged(ackRows));
  if (selected !== null) {
    const id = selected;
    detail.render({
      census: census().find((c) => c.patientId === id),
      score: latestBy(news2, 'patientId').get(id),
      minutes: live.view(queries.minutes).table.rows() as unknown as import('../queries.js').MinuteValue[],
      alerts: newestAlerts(all, 20, id),
    });
  }
});

function select(patientId: string): void {
  selected = patientId;
  render();
}

for (const q of [queries.census, queries.news2, queries.alerts, queries.acks, queries.minutes]) live.onQuery(q, render);
// the first deteriorating patient is the one to look at until someone picks a bed
live.on(queries.alerts, (rows) => {
  if (selected === null && rows.length > 0) select(rows[0]!.patientId);
});
