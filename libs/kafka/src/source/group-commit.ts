/**
 * The Kafka source's consumed offsets, committed to the query's consumer group so that Kafka's
 * tools show its lag. Lag visibility only (the checkpoint is the source of truth), so a batch never
 * waits for it: `commit` returns at once, one commit is in flight at a time, a newer end replaces
 * one still waiting (the group's offsets never go back), and `flush` waits for the last one.
 */
import type { TopicPartitionOffset } from '../port.js';
import { entries, type PartitionOffsetMap } from './offsets.js';

export class GroupCommitter {
  private inFlight: Promise<void> | undefined;
  private next: PartitionOffsetMap | undefined;

  /**
   * @example
   * const group = new GroupCommitter((offsets) => admin.commitGroupOffsets('streamlab-q', offsets), (err) => log.warn({ err }));
   * group.commit({ tx: { '0': 42 } }); // returns at once
   * await group.flush(); // when stopping
   */
  constructor(
    private readonly send: (offsets: TopicPartitionOffset[]) => Promise<void>,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Commits `end` after the commit in flight, if any (replacing one that was still waiting). */
  commit(end: PartitionOffsetMap): void {
    this.next = end;
    this.inFlight ??= this.drain();
  }

  /** Resolves when every commit asked for so far has been sent (or failed and was reported). */
  async flush(): Promise<void> {
    await this.inFlight;
  }

  private async drain(): Promise<void> {
    for (let end = this.next; end !== undefined; end = this.next) {
      this.next = undefined;
      const offsets = [...entries(end)].map(([topic, partition, offset]) => ({ topic, partition, offset }));
      try {
        await this.send(offsets);
      } catch (err) {
        this.onError(err);
      }
    }
    this.inFlight = undefined;
  }
}
