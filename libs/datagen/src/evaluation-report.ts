/**
 * An evaluation's tables in Markdown, as `evaluate` prints them (and a README quotes them): recall
 * and delay per scenario, precision per detector, and which detector caught which scenario.
 */
import type { EvaluationResult, EvaluationRunOptions } from './evaluate-detectors.js';

const pct = (x: number) => (Number.isNaN(x) ? '–' : `${(x * 100).toFixed(1)}%`);
const secs = (ms: number) => (Number.isNaN(ms) ? '–' : `${(ms / 1000).toFixed(1)} s`);
const int = (n: number) => n.toLocaleString('en-US');

/**
 * Formats a result as a header and three Markdown tables.
 *
 * @example
 * process.stdout.write(formatEvaluation(options, await evaluateDetectors(evaluation, options)));
 * // | scenario | incidents | detected | recall | median delay |
 * // | spike | 9 | 9 | 100.0% | 12.4 s |
 */
export function formatEvaluation(o: EvaluationRunOptions, r: EvaluationResult<unknown>): string {
  const c = r.scorecard;
  const ov = c.overall;
  const lines = [
    `Seed ${o.seed}, ${o.minutes} simulated minutes at ${o.ratePerSec} records/s.`,
    `${int(r.records)} records (${r.disorder.outOfOrder} out of order, ${r.disorder.late} late, ${r.disorder.duplicates} duplicates, ${r.disorder.malformed} malformed → ${r.deadLetters} dead letters); detectors: ${r.detectors.join(', ')}; ${(r.wallMs / 1000).toFixed(1)} s wall time.`,
    '',
    '| scenario | incidents | detected | recall | median delay |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...c.scenarios.map((s) => `| ${s.scenario} | ${s.incidents} | ${s.detected} | ${pct(s.recall)} | ${secs(s.medianDelayMs)} |`),
    `| **overall** | ${ov.incidents} | ${ov.detected} | **${pct(ov.recall)}** | **${secs(ov.medianDelayMs)}** |`,
    '',
    '| detector | detections | right | precision |',
    '| --- | ---: | ---: | ---: |',
    ...c.kinds.map((k) => `| ${k.kind} | ${k.detections} | ${k.truePositives} | ${pct(k.precision)} |`),
    `| **overall** | ${ov.detections} | ${ov.truePositives} | **${pct(ov.precision)}** |`,
  ];
  const kinds = c.kinds.map((k) => k.kind);
  if (kinds.length > 0 && c.scenarios.length > 0) {
    lines.push('', `| scenario ↓ caught by → | ${kinds.join(' | ')} |`, `| --- | ${kinds.map(() => '---:').join(' | ')} |`);
    for (const s of c.scenarios) lines.push(`| ${s.scenario} | ${kinds.map((k) => c.matrix[s.scenario]?.[k] ?? 0).join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}
