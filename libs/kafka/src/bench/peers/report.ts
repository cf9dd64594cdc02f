/**
 * The pure parts of `npm run bench -- peers`: comparing final results per key and window, medians
 * and ratios over rounds, and the one table the bench prints.
 */

/** The systems compared; StreamLab is the baseline of every ratio. */
export const SYSTEMS = ['streamlab', 'kafka-streams', 'spark'] as const;
export type SystemName = (typeof SYSTEMS)[number];

/** Final results: `key|windowStart` (or the workload's own result key) to the result's value, as text. */
export type Results = ReadonlyMap<string, string>;

/** One system's run over one workload in one round. */
export interface RunFigures {
  system: SystemName;
  round: number;
  /** Wall time from the process's start to its complete final results on the output topic. */
  coldSeconds: number;
  /** Input records over that wall time. */
  coldRecordsPerSec: number;
  /** Process CPU (user + system) from start to complete results, per input record. */
  coldCpuUsPerRecord: number;
  /** Second half of the input: records per second from the half-way mark to complete results. */
  warmRecordsPerSec: number;
  /** Second half of the input: process CPU per record over the same span. */
  warmCpuUsPerRecord: number;
  peakRssMb: number;
  /** The machine's 1-minute load average at the end of the run. */
  load1: number;
}

export interface ResultDiff {
  missing: string[];
  extra: string[];
  different: { key: string; expected: string; actual: string }[];
}

/**
 * What differs between `expected` and `actual`, keys sorted.
 *
 * @example
 * diffResults(new Map([['k|0', '2']]), new Map([['k|0', '3']])); // { missing: [], extra: [], different: [{ key: 'k|0', expected: '2', actual: '3' }] }
 */
export function diffResults(expected: Results, actual: Results): ResultDiff {
  const missing: string[] = [];
  const different: ResultDiff['different'] = [];
  for (const [key, value] of expected) {
    const got = actual.get(key);
    if (got === undefined) missing.push(key);
    else if (got !== value) different.push({ key, expected: value, actual: got });
  }
  const extra = [...actual.keys()].filter((k) => !expected.has(k));
  missing.sort();
  extra.sort();
  different.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { missing, extra, different };
}

export function isSame(diff: ResultDiff): boolean {
  return diff.missing.length === 0 && diff.extra.length === 0 && diff.different.length === 0;
}

/** One line per kind of difference, the first `limit` keys of each. */
export function describeDiff(name: string, diff: ResultDiff, limit = 5): string {
  if (isSame(diff)) return `${name}: identical`;
  const parts: string[] = [];
  if (diff.missing.length) parts.push(`${diff.missing.length} missing (${diff.missing.slice(0, limit).join(', ')})`);
  if (diff.extra.length) parts.push(`${diff.extra.length} extra (${diff.extra.slice(0, limit).join(', ')})`);
  if (diff.different.length) {
    const d = diff.different.slice(0, limit).map((x) => `${x.key}: expected ${x.expected}, got ${x.actual}`);
    parts.push(`${diff.different.length} different (${d.join('; ')})`);
  }
  return `${name}: ${parts.join(', ')}`;
}

/** The median; the mean of the middle two for an even count; NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The run order of round `round`: the systems rotated by one per round, so each goes first in turn. */
export function roundOrder<T>(systems: readonly T[], round: number): T[] {
  const k = round % systems.length;
  return [...systems.slice(k), ...systems.slice(0, k)];
}

export interface SystemSummary {
  system: SystemName;
  rounds: number;
  coldSeconds: number;
  coldRecordsPerSec: number;
  coldCpuUsPerRecord: number;
  warmRecordsPerSec: number;
  warmCpuUsPerRecord: number;
  peakRssMb: number;
  load1: number;
  /** This system's median over StreamLab's median: > 1 is faster for records/s, < 1 is cheaper for CPU and time. */
  ratio: { coldSeconds: number; warmRecordsPerSec: number; warmCpuUsPerRecord: number; peakRssMb: number };
}

type Metric = 'coldSeconds' | 'coldRecordsPerSec' | 'coldCpuUsPerRecord' | 'warmRecordsPerSec' | 'warmCpuUsPerRecord' | 'peakRssMb' | 'load1';

/** Medians over the rounds per system, and each system's ratio to StreamLab's medians. */
export function summarize(runs: readonly RunFigures[]): SystemSummary[] {
  const of = (system: SystemName, m: Metric) => median(runs.filter((r) => r.system === system).map((r) => r[m]));
  const present = SYSTEMS.filter((s) => runs.some((r) => r.system === s));
  return present.map((system) => {
    const ratio = (m: Metric) => of(system, m) / of('streamlab', m);
    return {
      system,
      rounds: runs.filter((r) => r.system === system).length,
      coldSeconds: of(system, 'coldSeconds'),
      coldRecordsPerSec: of(system, 'coldRecordsPerSec'),
      coldCpuUsPerRecord: of(system, 'coldCpuUsPerRecord'),
      warmRecordsPerSec: of(system, 'warmRecordsPerSec'),
      warmCpuUsPerRecord: of(system, 'warmCpuUsPerRecord'),
      peakRssMb: of(system, 'peakRssMb'),
      load1: of(system, 'load1'),
      ratio: {
        coldSeconds: ratio('coldSeconds'),
        warmRecordsPerSec: ratio('warmRecordsPerSec'),
        warmCpuUsPerRecord: ratio('warmCpuUsPerRecord'),
        peakRssMb: ratio('peakRssMb'),
      },
    };
  });
}

const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/**
 * The bench's table, in Markdown (it goes into BENCHMARKS.md as printed): medians over the rounds
 * and ratios to StreamLab.
 *
 * @example
 * renderTable('tumbling', 200_000, summarize(runs));
 */
export function renderTable(workload: string, records: number, rows: readonly SystemSummary[]): string {
  const head = [
    'workload',
    'system',
    'rounds',
    'cold: wall s',
    'cold: records/s',
    'cold: CPU µs/record',
    'warm: records/s',
    'warm: CPU µs/record',
    'peak RSS MiB',
    'load (1 min)',
    'ratio to StreamLab: cold s',
    'warm records/s',
    'warm CPU µs/record',
    'peak RSS',
  ];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  for (const r of rows) {
    const cells = [
      `${workload} (${int(records)} records)`,
      r.system,
      String(r.rounds),
      fixed(r.coldSeconds, 1),
      int(r.coldRecordsPerSec),
      fixed(r.coldCpuUsPerRecord, 1),
      int(r.warmRecordsPerSec),
      fixed(r.warmCpuUsPerRecord, 2),
      int(r.peakRssMb),
      fixed(r.load1, 1),
      fixed(r.ratio.coldSeconds, 2),
      fixed(r.ratio.warmRecordsPerSec, 2),
      fixed(r.ratio.warmCpuUsPerRecord, 2),
      fixed(r.ratio.peakRssMb, 2),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}
