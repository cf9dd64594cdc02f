/**
 * A topic's partition list, remembered for a moment: a streaming query asks for the latest offsets
 * after every batch (every few ms at 10k records/s), and without it each ask costs a metadata round
 * trip before the list-offsets one. Partitions rarely change: an entry lives `ttlMs`, a topic this
 * client creates, grows or deletes is forgotten at once, and an empty list (a topic that does not
 * exist yet) is never kept.
 */
export class PartitionCache {
  private readonly known = new Map<string, { atMs: number; partitions: number[] }>();

  /**
   * @example
   * const cache = new PartitionCache((topic) => fetchPartitions(topic), Date.now, 1000);
   * await cache.get('orders'); // asks the broker; again within 1 s: from memory
   */
  constructor(
    private readonly fetch: (topic: string) => Promise<number[]>,
    private readonly now: () => number,
    private readonly ttlMs: number,
  ) {}

  async get(topic: string): Promise<number[]> {
    const hit = this.known.get(topic);
    if (hit && this.now() - hit.atMs < this.ttlMs) return hit.partitions;
    const atMs = this.now();
    const partitions = await this.fetch(topic);
    if (partitions.length > 0) this.known.set(topic, { atMs, partitions });
    else this.known.delete(topic);
    return partitions;
  }

  /** Forgets `topics` (created, grown or deleted by this client). */
  forget(topics: Iterable<string>): void {
    for (const t of topics) this.known.delete(t);
  }
}
