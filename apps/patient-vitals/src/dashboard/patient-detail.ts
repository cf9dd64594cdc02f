/**
 * The patient detail view: who (from the census), a uPlot sparkline per vital over the last hours
 * of per-minute values, the NEWS2 breakdown by parameter (value, points, and whether it is current,
 * stale or missing), and the patient's alert history.
 */
import { formatTime, h } from '@streamlab/live/browser';
import uPlot from 'uplot';
import type { Alert, CensusRow, MinuteValue, News2Row } from '../queries.js';
import { vitalSeries } from './ward-model.js';

const VITALS: readonly { vital: MinuteValue['vital']; label: string; unit: string }[] = [
  { vital: 'hr', label: 'Heart rate', unit: '/min' },
  { vital: 'spo2', label: 'SpO2', unit: '%' },
  { vital: 'rr', label: 'Respiratory rate', unit: '/min' },
  { vital: 'sbp', label: 'Systolic BP', unit: 'mmHg' },
];
const PARAM_LABEL: Readonly<Record<string, string>> = {
  rr: 'Respiration rate',
  spo2: 'SpO2',
  o2: 'Air or oxygen',
  sbp: 'Systolic BP',
  hr: 'Pulse',
  acvpu: 'Consciousness',
  temp: 'Temperature',
};

export interface PatientDetail {
  el: HTMLElement;
  render(p: { census: CensusRow | undefined; score: News2Row | undefined; minutes: readonly MinuteValue[]; alerts: readonly Alert[] }): void;
}

function valueText(param: string, v: unknown): string {
  if (v === null || v === undefined) return '–';
  if (param === 'o2') return v ? 'oxygen' : 'air';
  if (typeof v === 'number') return String(Math.round(v * 10) / 10);
  return String(v);
}

/**
 * @example
 * const detail = patientDetail(); shell.panel('Patient', detail.el); detail.render({ census, score, minutes, alerts });
 */
export function patientDetail(): PatientDetail {
  const header = h('div', { class: 'pt-header' }, 'Select a bed to see the patient.');
  const charts = h('div', { class: 'pt-charts' });
  const breakdown = h('table', { class: 'pt-breakdown' });
  const history = h('ol', { class: 'pt-alerts' });
  const el = h('div', { class: 'pt' }, header, charts, h('h3', {}, 'NEWS2 by parameter'), breakdown, h('h3', {}, 'Alert history'), history);
  const plots = new Map<string, uPlot>();
  let shown: string | null = null;
  let shownKey = '';

  const chart = (vital: string, label: string, unit: string): uPlot => {
    const fig = h(
      'figure',
      { class: 'spark', 'data-vital': vital, role: 'img', 'aria-label': `${label} per minute` },
      h('figcaption', {}, `${label} (${unit})`),
    );
    charts.appendChild(fig);
    return new uPlot(
      {
        width: 280,
        height: 90,
        legend: { show: false },
        cursor: { show: false },
        axes: [{ show: false }, { size: 36 }],
        series: [{}, { stroke: '#3b82f6', width: 1.5, spanGaps: false }],
      },
      [[], []],
      fig,
    );
  };

  return {
    el,
    render({ census, score, minutes, alerts }) {
      if (!census) return;
      if (shown !== census.patientId) {
        shown = census.patientId;
        header.replaceChildren(
          h('strong', { class: 'pt-name' }, census.name),
          h('span', { class: 'pt-meta' }, ` ${census.mrn} · ${census.age} ${census.sex} · ${census.ward}, bed ${census.bed}`),
          h(
            'div',
            { class: 'pt-reason' },
            `Admitted: ${census.reason}${census.comorbidities ? ` · ${census.comorbidities}` : ''} · SpO2 scale ${census.spo2Scale}`,
          ),
        );
      }
      for (const v of VITALS) {
        let p = plots.get(v.vital);
        if (!p) plots.set(v.vital, (p = chart(v.vital, v.label, v.unit)));
        p.setData(vitalSeries(minutes, census.patientId, v.vital) as uPlot.AlignedData);
      }
      // the table and the history only change with a new score or alert (sparklines redraw cheaply)
      const key = `${census.patientId}|${score?.eventTime ?? ''}|${score?.total ?? ''}|${alerts.map((x) => x.alertId).join(',')}`;
      if (key === shownKey) return;
      shownKey = key;
      const rows = (score?.breakdown ?? []).map((b) =>
        h(
          'tr',
          { 'data-param': b.param, 'data-status': b.status },
          h('th', { scope: 'row' }, PARAM_LABEL[b.param] ?? b.param),
          h('td', { class: 'num' }, valueText(b.param, b.value)),
          h('td', { class: 'num' }, b.points === null ? '–' : String(b.points)),
          h('td', {}, b.status === 'ok' ? 'current' : b.status),
        ),
      );
      breakdown.replaceChildren(
        h('thead', {}, h('tr', {}, h('th', {}, 'Parameter'), h('th', {}, 'Value'), h('th', {}, 'Points'), h('th', {}, 'Status'))),
        h('tbody', {}, ...rows),
        h(
          'tfoot',
          {},
          h(
            'tr',
            {},
            h('th', {}, 'Total'),
            h('td', { class: 'num' }, ''),
            h('td', { class: 'num pt-total' }, score ? String(score.total) : '–'),
            h('td', {}, score ? score.risk : ''),
          ),
        ),
      );
      history.replaceChildren(
        ...alerts.map((a) => h('li', { 'data-severity': a.severity }, h('time', {}, formatTime(Number(a.eventTime))), ' ', h('span', {}, a.reason))),
      );
    },
  };
}
