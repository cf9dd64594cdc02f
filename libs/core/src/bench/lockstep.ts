/**
 * Set-up shared by the operator benchmarks: a silent logger, a source that holds one pushed batch,
 * the engine-vs-baseline loop over the same batches (which side goes first alternates), and the
 * one JSON result line each bench prints.
 */
import { performance } from 'node:perf_hooks';
import { timeEngine } from '../operators/state/support/bench-timing.js';
import type { Logger, Offset, Source } from '../ports.js';
import type { StreamingQuery } from '../query/streaming-query.js';
import type { RssPeak } from './workload.js';

/** A logger that drops everything (benches measure the engine, not logging). */
export const silentLogger: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, child: () => silentLogger };

/**
 * A source holding the one batch pushed last, forgotten once committed.
 *
 * @example
 * const source = new BatchSource<Tx>('DedupBenchSource');
 * source.push(rows);
 */
export class BatchSource<T> implements Source<T> {
  readonly description: string;
  private rows: T[] = [];
  private base = 0;
  constructor(description: string) {
    this.description = description;
  }
  push(rows: T[]): void {
    this.rows = rows;
  }
  latestOffset(): Offset | null {
    return this.base + this.rows.length || null;
  }
  getBatch(start: Offset | null): readonly T[] {
    return (typeof start === 'number' ? start : 0) === this.base ? this.rows : [];
  }
  commit(end: Offset): void {
    this.base = end as number;
    this.rows = [];
  }
}

export interface Lockstep<T> {
  source: { push(rows: T[]): void };
  query: StreamingQuery;
  /** The hand-written version, timed on the same rows. */
  baseline: (rows: T[]) => void;
  /** Called after both sides processed a batch (outside the timed sections). */
  afterBatch?: () => void;
  rss: RssPeak;
}

/**
 * Feeds each batch to the engine and to the baseline, alternating who goes first (so neither pays
 * for the other's garbage more often), samples RSS, then stops the query; throws its exception.
 *
 * @example
 * const { engineMs, baselineMs } = await runLockstep(batches, { source, query, baseline: (r) => b.process(r), rss });
 */
export async function runLockstep<T>(batches: Iterable<T[]>, s: Lockstep<T>): Promise<{ engineMs: number; baselineMs: number }> {
  let engineMs = 0;
  let baselineMs = 0;
  let i = 0;
  for (const rows of batches) {
    const engineFirst = i % 2 === 1;
    if (engineFirst) engineMs += await timeEngine(s.source, s.query, rows);
    const t0 = performance.now();
    s.baseline(rows);
    baselineMs += performance.now() - t0;
    if (!engineFirst) engineMs += await timeEngine(s.source, s.query, rows);
    s.afterBatch?.();
    s.rss.sample();
    i++;
  }
  await s.query.stop();
  if (s.query.exception) throw s.query.exception;
  return { engineMs, baselineMs };
}

/**
 * Prints a bench's JSON line: throughput of engine and baseline over `events`, their ratio, peak
 * RSS, then `extra` fields.
 *
 * @example
 * printBenchResult('core.dedup', events, r, rss, { outputRows: r.out });
 */
export function printBenchResult(
  workload: string,
  events: number,
  times: { engineMs: number; baselineMs: number },
  rss: RssPeak,
  extra: Record<string, unknown>,
): void {
  const eventsPerSec = Math.round(events / (times.engineMs / 1000));
  const baselineEventsPerSec = Math.round(events / (times.baselineMs / 1000));
  process.stdout.write(
    `${JSON.stringify({
      workload,
      events,
      eventsPerSec,
      baselineEventsPerSec,
      ratio: Math.round((eventsPerSec / baselineEventsPerSec) * 100) / 100,
      peakRssMb: rss.mb,
      ...extra,
    })}\n`,
  );
}
