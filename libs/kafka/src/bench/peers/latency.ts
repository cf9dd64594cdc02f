/**
 * The end-to-end latency of `BENCH_PEERS_MODE=latency npm run bench -- peers`: which input record
 * each output record reflects, and the latency percentiles per system and setting.
 *
 * The query is the tumbling count in update mode, so every input record changes its window's
 * count. Records of one key are produced in order to one partition, so the n-th record produced for
 * (key, window) is the one that makes its count n in every system. An output (key, window, count c)
 * appended to the output topic at time T makes the results of all records 1..c of that window
 * visible: each of them not yet reflected by an earlier output gets the latency T - its production
 * time. So every input record gets a latency, also when a system folds many records into one
 * output (a micro-batch, Kafka Streams' cache), and the figure is what a reader of the output topic
 * sees: how long after a record was produced its result was there.
 */

export interface LatencyStats {
  /** Measured records produced. */
  records: number;
  /** Measured records whose result reached the output topic. */
  reflected: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

interface WindowRecords {
  /** Production time (epoch ms) of the window's n-th record at index n - 1. */
  producedAt: number[];
  /** Whether the window's n-th record was produced in the measured phase. */
  measured: boolean[];
  /** Highest count seen on the output topic so far. */
  reflected: number;
}

/**
 * Matches outputs to the input records they reflect.
 *
 * @example
 * const m = new LatencyMatcher();
 * m.produced('key-1|60000', 1_000, true);
 * m.produced('key-1|60000', 1_010, true);
 * m.output('key-1|60000', 2, 1_050); // both records reflected: latencies 50 and 40 ms
 * m.stats(); // { records: 2, reflected: 2, p50Ms: 40, p99Ms: 50, maxMs: 50, meanMs: 45 }
 */
export class LatencyMatcher {
  private readonly windows = new Map<string, WindowRecords>();
  private readonly latencies: number[] = [];
  private measuredRecords = 0;
  /** Outputs whose count was above the records produced for their window (must stay 0). */
  ahead = 0;

  /** Records one input record of result key `window` (`key|windowStart`), produced at `atMs`. */
  produced(window: string, atMs: number, measured: boolean): void {
    let w = this.windows.get(window);
    if (!w) {
      w = { producedAt: [], measured: [], reflected: 0 };
      this.windows.set(window, w);
    }
    w.producedAt.push(atMs);
    w.measured.push(measured);
    if (measured) this.measuredRecords++;
  }

  /** An output of `window` with `count`, appended to the output topic at `atMs`. */
  output(window: string, count: number, atMs: number): void {
    const w = this.windows.get(window);
    if (!w || count > w.producedAt.length) {
      this.ahead++;
      return;
    }
    for (let n = w.reflected; n < count; n++) if (w.measured[n]) this.latencies.push(atMs - w.producedAt[n]!);
    if (count > w.reflected) w.reflected = count;
  }

  /** Measured records whose result has not reached the output topic yet. */
  get pending(): number {
    return this.measuredRecords - this.latencies.length;
  }

  /** Percentiles over every measured record, one whose result never came counting as Infinity; the mean over those that came. */
  stats(): LatencyStats {
    const sorted = new Float64Array(this.measuredRecords).fill(Number.POSITIVE_INFINITY);
    sorted.set(this.latencies);
    sorted.sort();
    let sum = 0;
    for (const v of this.latencies) sum += v;
    return {
      records: this.measuredRecords,
      reflected: this.latencies.length,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      maxMs: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
      meanMs: this.latencies.length ? sum / this.latencies.length : Number.NaN,
    };
  }
}

/**
 * The nearest-rank percentile `p` (0-100] of ascending `sorted` values; NaN when empty.
 *
 * @example
 * percentile(Float64Array.of(1, 2, 3, 4), 50); // 2
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** One run's figures: a system at a setting. */
export interface LatencyRun extends LatencyStats {
  system: string;
  settings: string;
  round: number;
  /** CPU cores the system's process used over the measured phase (CPU seconds / wall seconds). */
  cores: number;
  load1: number;
}

/** The run with the median p99 of each (system, settings), in first-seen order. */
export function medianRuns(runs: readonly LatencyRun[]): LatencyRun[] {
  const groups = new Map<string, LatencyRun[]>();
  for (const r of runs) {
    const k = `${r.system}\u0000${r.settings}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return [...groups.values()].map((g) => [...g].sort((a, b) => a.p99Ms - b.p99Ms)[Math.floor((g.length - 1) / 2)]!);
}

/** Infinity: some records' results had not come by the end of the run. */
const ms = (v: number) => (Number.isFinite(v) ? String(Math.round(v)) : v === Number.POSITIVE_INFINITY ? '∞' : '-');

/**
 * The Markdown table of latency runs (as pasted into BENCHMARKS.md).
 *
 * @example
 * renderLatencyTable(10_000, runs);
 */
export function renderLatencyTable(ratePerSec: number, runs: readonly LatencyRun[]): string {
  const head = [
    'system',
    'settings',
    'round',
    'records/s',
    'measured records',
    'reflected',
    'p50 ms',
    'p99 ms',
    'max ms',
    'mean ms',
    'CPU cores',
    'load (1 min)',
  ];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  for (const r of runs) {
    const cells = [
      r.system,
      r.settings,
      String(r.round + 1),
      ratePerSec.toLocaleString('en-US'),
      r.records.toLocaleString('en-US'),
      r.reflected === r.records ? 'all' : r.reflected.toLocaleString('en-US'),
      ms(r.p50Ms),
      ms(r.p99Ms),
      ms(r.maxMs),
      ms(r.meanMs),
      r.cores.toFixed(2),
      r.load1.toFixed(1),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}
