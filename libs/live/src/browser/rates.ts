/**
 * Rates from running totals: rows per second as the growth of a query's row count over the wall
 * time between its batches. Not Spark's `processedRowsPerSecond` (a batch's rows over its own
 * duration): a 1 ms batch of 20 rows is a capacity of 20,000 rows/s, not a throughput.
 */

/** A query's running total at a moment: `[epoch ms, rows so far]`, oldest first. */
export type TotalSample = readonly [timeMs: number, total: number];

/**
 * Rows per second over the last `seconds`: the growth of the total from the newest sample at or
 * before the span's start (else the oldest) to the newest sample, over the wall time between them,
 * or up to `nowMs` when given (a query with no batch since then had no rows since then). `null`
 * before two samples (one batch tells no rate).
 *
 * @example
 * rateOver([[0, 100], [1_000, 150], [2_000, 210]], 10); // 55
 * rateOver([[0, 100], [1_000, 150]], 10, 5_000); // 10: nothing since the last batch
 */
export function rateOver(samples: readonly TotalSample[], seconds: number, nowMs?: number): number | null {
  const n = samples.length;
  if (n < 2) return null;
  const [lastT, lastTotal] = samples[n - 1]!;
  const end = nowMs === undefined ? lastT : Math.max(lastT, nowMs);
  const from = end - seconds * 1000;
  let i = n - 1;
  while (i > 0 && samples[i]![0] > from) i--;
  const [t0, total0] = samples[i]!;
  return end > t0 ? ((lastTotal - total0) * 1000) / (end - t0) : null;
}

/**
 * Appends a sample, dropping those older than `keepMs` before it (one is kept before the span,
 * as the span's start), and ignoring one that is not newer than the last.
 *
 * @example
 * const samples: [number, number][] = [];
 * pushSample(samples, [Date.parse(p.timestamp), totals.inputRows], 60_000);
 */
export function pushSample(samples: [number, number][], sample: TotalSample, keepMs: number): void {
  const last = samples[samples.length - 1];
  if (last && sample[0] <= last[0]) return;
  samples.push([sample[0], sample[1]]);
  let old = 0;
  while (old < samples.length - 2 && samples[old + 1]![0] <= sample[0] - keepMs) old++;
  if (old > 0) samples.splice(0, old);
}
