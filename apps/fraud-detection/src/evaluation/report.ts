/**
 * The evaluation's table, in Markdown (it goes into the README as it is printed).
 */
import type { EvaluationOptions, EvaluationResult } from './run-evaluation.js';

/** Targets of the issue: recall >= 0.9, precision >= 0.8, median delay < 1 minute. */
export const TARGETS = { recall: 0.9, precision: 0.8, medianDelayMs: 60_000 };

const pct = (x: number) => (Number.isNaN(x) ? '–' : `${(x * 100).toFixed(1)}%`);
const secs = (ms: number) => (Number.isNaN(ms) ? '–' : `${(ms / 1000).toFixed(1)} s`);

/**
 * Formats a result as Markdown tables.
 *
 * @example
 * process.stdout.write(formatReport(options, await runEvaluation(options)));
 */
export function formatReport(o: EvaluationOptions, r: EvaluationResult): string {
  const c = r.scorecard;
  const lines: string[] = [];
  lines.push(
    `Seed ${o.seed}, ${o.minutes} simulated minutes at ${o.simRatePerSec} transactions/s (average activity), ${o.cards.toLocaleString('en-US')} cards, ${o.incidentsPerHour} incidents per scenario per hour.`,
  );
  lines.push(
    `${r.records.toLocaleString('en-US')} records (${r.disorder.outOfOrder} out of order, ${r.disorder.late} late, ${r.disorder.duplicates} duplicates, ${r.disorder.malformed} malformed → ${r.deadLetters} dead letters); queries: ${r.queries.join(', ')}; ${(r.wallMs / 1000).toFixed(1)} s wall time.`,
  );
  lines.push('');
  lines.push('| scenario | incidents | detected | recall | median delay |');
  lines.push('| --- | ---: | ---: | ---: | ---: |');
  for (const s of c.scenarios) lines.push(`| ${s.scenario} | ${s.incidents} | ${s.detected} | ${pct(s.recall)} | ${secs(s.medianDelayMs)} |`);
  const ov = c.overall;
  lines.push(`| **overall** | ${ov.incidents} | ${ov.detected} | **${pct(ov.recall)}** | **${secs(ov.medianDelayMs)}** |`);
  lines.push('');
  lines.push('| rule | alerts | right | precision | evidence holds fraud |');
  lines.push('| --- | ---: | ---: | ---: | ---: |');
  for (const k of c.kinds) lines.push(`| ${k.kind} | ${k.detections} | ${k.truePositives} | ${pct(k.precision)} | ${pct(k.evidencePrecision ?? Number.NaN)} |`);
  lines.push(`| **overall** | ${ov.detections} | ${ov.truePositives} | **${pct(ov.precision)}** | ${pct(ov.evidencePrecision ?? Number.NaN)} |`);
  lines.push('');
  const rules = [...new Set(Object.values(c.matrix).flatMap((row) => Object.keys(row)))].sort();
  lines.push(`| scenario ↓ caught by → | ${rules.join(' | ')} |`);
  lines.push(`| --- | ${rules.map(() => '---:').join(' | ')} |`);
  for (const s of c.scenarios) lines.push(`| ${s.scenario} | ${rules.map((r) => c.matrix[s.scenario]?.[r] ?? 0).join(' | ')} |`);
  lines.push('');
  const ok = (b: boolean) => (b ? 'met' : 'NOT met');
  lines.push(
    `Targets: recall ${pct(ov.recall)} (>= 90%: ${ok(ov.recall >= TARGETS.recall)}), precision ${pct(ov.precision)} (>= 80%: ${ok(ov.precision >= TARGETS.precision)}), median delay ${secs(ov.medianDelayMs)} (< 60 s: ${ok(ov.medianDelayMs < TARGETS.medianDelayMs)}).`,
  );
  return `${lines.join('\n')}\n`;
}
