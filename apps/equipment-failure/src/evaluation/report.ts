/** The evaluation as the README's Markdown tables, each target with its verdict. */
import type { EvaluationRun } from './run-evaluation.js';
import type { Scorecard } from './score.js';

const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : 'n/a');
const min = (x: number) => (Number.isFinite(x) ? `${x.toFixed(0)} min` : 'n/a');
const ok = (pass: boolean) => (pass ? 'pass' : '**FAIL**');

/**
 * @example
 * process.stdout.write(formatReport(run, score(run)));
 */
export function formatReport(run: EvaluationRun, c: Scorecard): string {
  const o = run.options;
  const machines = o.catalog.plants * o.catalog.linesPerPlant * o.catalog.machinesPerLine;
  const lines = [
    `Seed ${o.seed}, ${o.hours} simulated hours, ${machines} machines on ${o.catalog.plants * o.catalog.linesPerPlant} lines, one record per machine every ${o.samplePeriodMs / 1000} s: ` +
      `${run.records.toLocaleString('en-US')} records (${run.deadLetters} malformed, dead-lettered), ${(run.wallMs / 1000).toFixed(1)} s.`,
    '',
    '| target | measured | goal | |',
    '| --- | --- | --- | --- |',
    `| recall of predictable failures | ${pct(c.predictable.recall)} (${c.predictable.detected} of ${c.predictable.failures}) | >= 90 % | ${ok(c.predictable.recall >= 0.9)} |`,
    `| median lead time before failure | ${min(c.predictable.medianLeadMin)} | >= 30 min | ${ok(c.predictable.medianLeadMin >= 30)} |`,
    `| work-order precision | ${pct(c.orders.precision)} (${c.orders.correct} of ${c.orders.opened}; right mode ${c.orders.rightMode}) | >= 80 % | ${ok(c.orders.precision >= 0.8)} |`,
    `| sensor faults raised as machine faults | ${pct(c.sensorFaults.share)} (${c.sensorFaults.raisedAsMachineFaults} of ${c.sensorFaults.incidents}) | <= 5 % | ${ok(c.sensorFaults.share <= 0.05)} |`,
    `| OEE per line and shift within 1 % of the true OEE | ${c.oee.within1pct} of ${c.oee.shifts} shifts (max error ${c.oee.maxAbsErrorPct.toFixed(3)} pp) | all | ${ok(c.oee.shifts > 0 && c.oee.within1pct === c.oee.shifts)} |`,
    '',
    '| degradation mode | failures | work order before failure | median lead time |',
    '| --- | --- | --- | --- |',
    ...Object.entries(c.byMode).map(([m, s]) => `| ${m} | ${s.failures} | ${s.detected} | ${min(s.medianLeadMin)} |`),
    `| sudden-failure (not predictable, scored apart) | ${c.sudden.failures} | ${c.sudden.warned} | n/a |`,
    '',
    '| sensor fault | incidents | classified by sensor health |',
    '| --- | --- | --- |',
    ...Object.entries(c.sensorFaults.byKind).map(([k, s]) => `| ${k} | ${s.incidents} | ${s.classified} |`),
    '',
    `Imminent-failure pattern: ${c.imminent.alerts} alert episodes, ${c.imminent.onDegradingMachines} on machines that were degrading. ` +
      `OEE: mean error ${c.oee.meanAbsErrorPct.toFixed(3)} pp; ${c.oee.lateRows} records beyond the OEE watermark went to the late side output.`,
    '',
  ];
  return lines.join('\n');
}
