/**
 * Per-partition watermarks (extension, opt-in: `withWatermark(field, delay, { perPartition: true })`
 * on a stream read directly from a source that reports event time per partition, e.g. Kafka).
 *
 * As Flink does it: the input's watermark candidate is the minimum over its partitions of
 * (that partition's max event time - delay), so a partition that lags in event time holds the
 * input back instead of seeing its rows judged late against another partition's progress.
 * - Partitions that never had a row take no part (as inputs without rows do, Spark's rule).
 * - With an `idleTimeout` on the same `withWatermark`, a partition silent for that long is left
 *   out of the minimum while some partition of the input still has rows (IDLE-INPUTS.md); when
 *   every partition is silent the input itself is idle and the input-level rule applies.
 * - Per-partition maxima only grow, so folding the same batch in twice (a replay) changes nothing.
 */

/** Highest event time per partition key (e.g. `tx-0`), per watermark id. */
export type PartitionEventTimesState = Record<string, Record<string, number>>;

/**
 * @example
 * const p = new PartitionWatermarks();
 * p.observe(0, { 'tx-0': 60_000, 'tx-1': 10_000 }, 0);
 * p.candidate(0, 5_000, undefined, 0); // 5_000: tx-1 holds it back
 */
export class PartitionWatermarks {
  private readonly maxMs = new Map<number, Map<string, number>>();
  /** Processing time a partition last had rows (not checkpointed: a restart restarts the clocks). */
  private readonly lastRowAtMs = new Map<number, Map<string, number>>();

  /** Folds the per-partition max event times of one batch's rows of watermark `input` in. */
  observe(input: number, times: Readonly<Record<string, number>>, nowMs: number): void {
    const max = this.of(this.maxMs, input);
    const last = this.of(this.lastRowAtMs, input);
    for (const [key, ms] of Object.entries(times)) {
      if (!Number.isFinite(ms)) continue;
      const prev = max.get(key);
      if (prev === undefined || ms > prev) max.set(key, ms);
      last.set(key, nowMs);
    }
  }

  /**
   * The input's watermark candidate: min over its non-idle partitions of (max - `delayMs`);
   * `undefined` when no partition had a row, or every partition is idle.
   */
  candidate(input: number, delayMs: number, idleMs: number | undefined, nowMs: number): number | undefined {
    const last = this.of(this.lastRowAtMs, input);
    let min: number | undefined;
    for (const [key, ms] of this.of(this.maxMs, input)) {
      const seen = last.get(key);
      if (seen === undefined)
        last.set(key, nowMs); // restored from a checkpoint: its clock starts now
      else if (idleMs !== undefined && nowMs - seen >= idleMs) continue;
      if (min === undefined || ms < min) min = ms;
    }
    return min === undefined ? undefined : min - delayMs;
  }

  /** A JSON-friendly copy (kept with the checkpoint). */
  toState(): PartitionEventTimesState {
    const out: PartitionEventTimesState = {};
    for (const [input, max] of this.maxMs) out[String(input)] = Object.fromEntries(max);
    return out;
  }

  /** Restores `toState()`; idle clocks restart at the next `candidate` call. */
  restore(state: PartitionEventTimesState | undefined): void {
    this.maxMs.clear();
    this.lastRowAtMs.clear();
    for (const [input, max] of Object.entries(state ?? {})) this.maxMs.set(Number(input), new Map(Object.entries(max)));
  }

  private of<V>(m: Map<number, Map<string, V>>, input: number): Map<string, V> {
    let inner = m.get(input);
    if (!inner) m.set(input, (inner = new Map()));
    return inner;
  }
}
