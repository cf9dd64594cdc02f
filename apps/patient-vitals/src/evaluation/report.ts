/**
 * The evaluation as the README shows it: a Markdown table per deterioration, the targets with
 * pass/fail, and the alarm burden (alarm fatigue is how ward alerting fails in practice).
 */
import type { EvaluationOptions, EvaluationRun } from './run-evaluation.js';
import type { Scorecard } from './score.js';

/** The issue's targets. */
export const TARGETS = { sensitivity: 0.9, medianLeadMin: 60, falsePerPatientDay: 2, mimicHighAlerts: 0 };

const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(0)} %` : '–');
const num = (v: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '–');
const mark = (ok: boolean) => (ok ? 'yes' : '**NO**');

/**
 * @example
 * formatReport(run, options); // '| deterioration | incidents | ... |'
 */
export function formatReport(
  run: Pick<EvaluationRun, 'scorecard' | 'records' | 'deadLetters' | 'samples' | 'wallMs'>,
  o: Pick<EvaluationOptions, 'seed' | 'beds' | 'hours'>,
): string {
  const s: Scorecard = run.scorecard;
  const lines = [
    `Patient vitals evaluation: ${o.beds} beds, ${o.hours} simulated hours scored (${num(s.patientDays)} patient-days), seed ${o.seed}`,
    `${run.records.toLocaleString('en-US')} records (${run.samples.toLocaleString('en-US')} samples), ${run.deadLetters} dead-lettered, in ${(run.wallMs / 1000).toFixed(1)} s`,
    '',
    '| deterioration | incidents | detected | sensitivity | median lead before critical event | first caught by the trend detector |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...s.scenarios.map(
      (r) => `| ${r.scenario} | ${r.incidents} | ${r.detected} | ${pct(r.sensitivity)} | ${num(r.medianLeadMin, 0)} min | ${r.firstByTrend} |`,
    ),
    `| **all** | ${s.overall.incidents} | ${s.overall.detected} | ${pct(s.overall.sensitivity)} | ${num(s.overall.medianLeadMin, 0)} min | ${s.scenarios.reduce((n, r) => n + r.firstByTrend, 0)} |`,
    '',
    '| target | measured | met |',
    '| --- | ---: | :---: |',
    `| sensitivity to deterioration ≥ ${TARGETS.sensitivity} | ${num(s.overall.sensitivity, 2)} | ${mark(s.overall.sensitivity >= TARGETS.sensitivity)} |`,
    `| median lead time ≥ ${TARGETS.medianLeadMin} min | ${num(s.overall.medianLeadMin, 0)} min | ${mark(s.overall.medianLeadMin >= TARGETS.medianLeadMin)} |`,
    `| false alerts ≤ ${TARGETS.falsePerPatientDay} per patient-day | ${num(s.falseAlerts.perPatientDay, 2)} (${s.falseAlerts.total}) | ${mark(s.falseAlerts.perPatientDay <= TARGETS.falsePerPatientDay)} |`,
    `| medium/high NEWS2 alerts on benign mimics = 0 | ${s.mimicHighAlerts} | ${mark(s.mimicHighAlerts === 0)} |`,
    `| medium/high NEWS2 alerts on artifacts or stable patients = 0 | ${s.artifactHighAlerts} | ${mark(s.artifactHighAlerts === 0)} |`,
    '',
    'Alarm burden:',
    `- ${s.alerts.total} alerts, ${num(s.alerts.perPatientDay, 2)} per patient-day, ${num(s.alerts.perShift30Beds, 1)} per 12-hour shift for a 30-bed bay`,
    `- ${pct(s.alerts.ppv)} of alerts were about a real deterioration (positive predictive value)`,
    `- by level: ${Object.entries(s.alerts.byLevel)
      .sort()
      .map(([l, n]) => `${l} ${n}`)
      .join(', ')}`,
  ];
  return `${lines.join('\n')}\n`;
}
