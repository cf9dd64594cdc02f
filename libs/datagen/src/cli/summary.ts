/**
 * The end-of-run summary printed by the CLI: records, rate achieved against the target, simulated
 * span, disorder counts and injected scenarios.
 */
import type { RunSummary } from '../run.js';

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (n: number, of: number) => (of > 0 ? `${((100 * n) / of).toFixed(2)}%` : '0.00%');

/**
 * Formats a run summary as a few human-readable lines.
 *
 * @example
 * process.stdout.write(formatSummary(await runSimulation(sim, out)));
 */
export function formatSummary(s: RunSummary): string {
  const st = s.stats;
  const secs = s.elapsedMs / 1000;
  const rate = Number.isFinite(s.recordsPerSec) ? int(s.recordsPerSec) : 'n/a';
  const lines = [
    `${s.model}: ${int(st.emitted)} records in ${secs.toFixed(1)} s, ${rate} records/s achieved (target ${int(s.targetRatePerSec)}/s${s.asap ? ', --asap: unpaced' : ''})${s.aborted ? ' [stopped early]' : ''}`,
    `  event time ${new Date(s.startMs).toISOString()} .. ${new Date(s.endMs).toISOString()} (speed ${s.speed})`,
    `  disorder: out-of-order ${int(st.outOfOrder)} (${pct(st.outOfOrder, st.generated)}), late ${int(st.late)} (${pct(st.late, st.generated)}), duplicates ${int(st.duplicates)} (${pct(st.duplicates, st.generated)}), malformed ${int(st.malformed)} (${pct(st.malformed, st.generated)})`,
  ];
  const names = Object.keys(st.incidents);
  lines.push(
    names.length
      ? `  scenarios: ${names.map((n) => `${n} ${int(st.incidents[n]!)} incident${st.incidents[n] === 1 ? '' : 's'}`).join(', ')}; ${int(st.labelled)} labelled records`
      : '  scenarios: none',
  );
  lines.push(`  output: ${s.output}`);
  return `${lines.join('\n')}\n`;
}
