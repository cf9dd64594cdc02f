/**
 * When the peers bench gives up on a run whose results never matched: the system has read all its
 * input, nothing has come out for a while, and the process is idle. Output alone is not enough: a
 * system may compute for long without writing (Spark's no-data batch after a one-batch input first
 * evicts the deduplication state and shuffles, then writes every closed window; at load 30 that took
 * over 20 s, and the bench used to end the run as "quiet" before its first alert, see BENCHMARKS.md).
 */

/** A sample of the process's CPU: `t` in ms (`performance.now()`), `cpu` in CPU seconds. */
export interface CpuSample {
  t: number;
  cpu: number;
}

export interface QuietRule {
  /** No output for this long (ms) after the input was all read. */
  quietMs: number;
  /** ...while the process used less than this share of one core over the same span. */
  maxBusy: number;
}

/**
 * Whether a run is quiet at `now`: its input all read at `consumedAt` (0: not yet), its last output
 * at `lastOutputAt` (0: none), and the CPU `samples` (oldest first) showing less than `maxBusy` of a
 * core over the last `quietMs`. Without a sample that old, not quiet.
 *
 * @example
 * isQuiet(samples, performance.now(), consumedAt, watch.lastRecordAt(), { quietMs: 20_000, maxBusy: 0.25 });
 */
export function isQuiet(samples: readonly CpuSample[], now: number, consumedAt: number, lastOutputAt: number, rule: QuietRule): boolean {
  if (!consumedAt || now - Math.max(consumedAt, lastOutputAt) <= rule.quietMs) return false;
  const last = samples[samples.length - 1];
  let from: CpuSample | undefined;
  for (let i = samples.length - 1; i >= 0 && !from; i--) if (samples[i]!.t <= now - rule.quietMs) from = samples[i];
  if (!from || !last || !(last.cpu >= from.cpu)) return false;
  return (last.cpu - from.cpu) / ((last.t - from.t) / 1000) < rule.maxBusy;
}
