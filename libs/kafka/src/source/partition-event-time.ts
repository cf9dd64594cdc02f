/**
 * Per-partition event-time tracking for the Kafka source (an extension, as Flink does it): the
 * highest event time seen in each partition, so the engine can hold the watermark at the slowest
 * partition and one lagging partition cannot make another partition's rows late.
 */

export class PartitionEventTimes {
  private readonly max = new Map<string, number>();
  /** The same, for the rows of the current batch only (what the engine's per-partition watermark folds in). */
  private readonly batch = new Map<string, number>();

  /** Records that `topic-partition` produced a row with event time `ms`. */
  observe(topic: string, partition: number, ms: number): void {
    if (!Number.isFinite(ms)) return;
    const key = `${topic}-${partition}`;
    const current = this.max.get(key);
    if (current === undefined || ms > current) this.max.set(key, ms);
    const inBatch = this.batch.get(key);
    if (inBatch === undefined || ms > inBatch) this.batch.set(key, ms);
  }

  /** Starts a new batch: `batchSnapshot()` reports only rows observed from now on. */
  startBatch(): void {
    this.batch.clear();
  }

  /** The highest event time per partition among the rows observed since `startBatch()`. */
  batchSnapshot(): Record<string, number> {
    return Object.fromEntries(this.batch);
  }

  /** The highest event time per partition (`topic-partition` -> epoch ms), for partitions that had rows. */
  snapshot(): Record<string, number> {
    return Object.fromEntries(this.max);
  }

  /**
   * Flink-style per-partition watermark: the minimum over partitions of (their max event time -
   * `delayMs`); `undefined` before any partition had a row.
   *
   * @example
   * times.observe('tx', 0, 60_000); times.observe('tx', 1, 10_000);
   * times.watermark(5_000) // 5_000: partition 1 holds it back
   */
  watermark(delayMs: number): number | undefined {
    let min: number | undefined;
    for (const ms of this.max.values()) if (min === undefined || ms < min) min = ms;
    return min === undefined ? undefined : Math.max(0, min - delayMs);
  }

  /** Progress metrics: min/max over partitions of their highest event time, and the skew between them. */
  metrics(): Record<string, number> {
    if (this.max.size === 0) return {};
    const times = [...this.max.values()];
    const min = Math.min(...times);
    const max = Math.max(...times);
    return { minPartitionEventTimeMs: min, maxPartitionEventTimeMs: max, partitionEventTimeSkewMs: max - min };
  }
}
