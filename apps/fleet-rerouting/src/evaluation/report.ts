/**
 * The evaluation's command line and its table: each target of the issue, what was measured, and
 * whether it is met.
 */
import { parseArgs } from 'node:util';
import { EVALUATION_OPTIONS, type EvaluationOptions, type EvaluationReport } from './run-evaluation.js';

/**
 * @example
 * parseEvaluateArgs(['--minutes', '30']); // { options: { ...EVALUATION_OPTIONS, minutes: 30 }, json: false }
 */
export function parseEvaluateArgs(argv: readonly string[]): { options: EvaluationOptions; json: boolean } {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: { seed: { type: 'string' }, minutes: { type: 'string' }, vehicles: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const num = (name: string, v: string | undefined, fallback: number) => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`evaluate: --${name} must be a positive whole number, got '${v}'`);
    return n;
  };
  const d = EVALUATION_OPTIONS;
  return {
    options: {
      ...d,
      seed: num('seed', values.seed, d.seed),
      minutes: num('minutes', values.minutes, d.minutes),
      vehicles: num('vehicles', values.vehicles, d.vehicles),
    },
    json: values.json === true,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/**
 * The table `evaluate` prints.
 *
 * @example
 * process.stdout.write(formatReport(report));
 */
export function formatReport(r: EvaluationReport): string {
  const d = r.detection.overall;
  const rows: [string, string, string, string][] = [
    ['incident detection recall', pct(d.recall), '>= 90 %', d.recall >= 0.9 ? 'yes' : 'NO'],
    ['incident detection precision', pct(d.precision), '>= 80 %', d.precision >= 0.8 ? 'yes' : 'NO'],
    ['median detection delay (event time)', `${(d.medianDelayMs / 60_000).toFixed(2)} min`, '<= 2 min', d.medianDelayMs <= 120_000 ? 'yes' : 'NO'],
    ['delay of legs crossing an incident, without rerouting', `${r.delayWithoutMin.toFixed(2)} min`, '', ''],
    ['delay of the same legs, with rerouting', `${r.delayWithMin.toFixed(2)} min`, '', ''],
    ['delay reduction', pct(r.delayReduction), '>= 25 %', r.delayReduction >= 0.25 ? 'yes' : 'NO'],
    ['reroutes through a closed segment the planner could know of', String(r.throughObservableClosure), '0', r.throughObservableClosure === 0 ? 'yes' : 'NO'],
    ['reroutes through a closure with no sign of it yet', String(r.unseenClosures.length), '', ''],
    ['vehicles sent into a closure they could have been warned of', String(r.intoWarnableClosure), '0', r.intoWarnableClosure === 0 ? 'yes' : 'NO'],
    ['vehicles sent into a closure no warning could reach in time', String(r.intoUnwarnableClosure.length), '', ''],
    ['on-time deliveries without rerouting', `${pct(r.onTimeWithout)} of ${r.deliveriesWithout}`, '', ''],
    ['on-time deliveries with rerouting', `${pct(r.onTimeWith)} of ${r.deliveriesWith}`, '', ''],
  ];
  const w0 = Math.max(...rows.map((x) => x[0].length));
  const w1 = Math.max(...rows.map((x) => x[1].length));
  const line = (x: string[]) => `| ${x[0]!.padEnd(w0)} | ${x[1]!.padEnd(w1)} | ${x[2]!.padEnd(7)} | ${x[3]!.padEnd(3)} |`;
  const o = r.options;
  return [
    `Fleet rerouting, seed ${o.seed}: ${o.vehicles} vehicles, ${o.minutes} simulated minutes from ${new Date(o.startMs).toISOString()}, run twice`,
    `${r.incidents} incidents (${r.incidentsDiffering === 0 ? 'the same in both runs' : `${r.incidentsDiffering} differ between the runs`}; ${r.unobserved} on roads nobody drove, not scored), ${r.confirmedReports}/${r.reports} reports confirmed, ${r.reroutes} reroutes to ${r.vehiclesRerouted} vehicles, ${r.affectedLegs} legs crossing an incident, ${r.pings} pings (${r.rejected} rejected)`,
    '',
    line(['measure', 'measured', 'target', 'met']),
    line(['-'.repeat(w0), '-'.repeat(w1), '-------', '---']),
    ...rows.map(line),
    '',
    // why each unseen one could not be avoided: the closure had just started, no vehicle had reached it, no report yet
    ...r.unseenClosures.map((u) => `no sign yet: ${u.rerouteId} through the closure on ${u.street}: ${u.why}`),
    ...r.intoUnwarnableClosure.map((u) => `no warning possible: ${u.vehicleId} into the closure on ${u.street}: ${u.why}`),
    ...(r.unseenClosures.length + r.intoUnwarnableClosure.length > 0 ? [''] : []),
  ].join('\n');
}
