/**
 * Reads partition `p` of changelog topics, `read_committed`, from their start (or from where a
 * valid local state file ends) to their end (the last stable offset), in chunks, into
 * `ChangelogRestore`s. Run by a task's new owner after its
 * producer fenced the previous owner, so no transaction of that task is open any more and the end
 * is final.
 */
import type { KafkaClient, KafkaReader } from '../port.js';
import { ChangelogRestore } from './changelog.js';
import type { LocalState } from './local-state.js';

/** Offsets read per request. */
const CHUNK = 50_000;

/**
 * @example
 * const { restored } = await restorePartition(client, ['fraud-stateStoreSave-0-changelog'], 3);
 * restored.get('fraud-stateStoreSave-0-changelog')!.rows; // records read from the changelog
 */
export async function restorePartition(
  client: KafkaClient,
  topics: readonly string[],
  partition: number,
  local: LocalState | undefined = undefined,
  /** Called after every chunk with the records read so far (for restore progress). */
  onRows: (rows: number) => void = () => undefined,
): Promise<{ restored: Map<string, ChangelogRestore>; localRows: number }> {
  let localRows = 0;
  let read = 0;
  const reader: KafkaReader = client.reader({ isolationLevel: 'read_committed' });
  const out = new Map<string, ChangelogRestore>();
  try {
    for (const topic of topics) {
      const restore = new ChangelogRestore();
      out.set(topic, restore);
      const offsets = (await client.admin.topicOffsets(topic, 'read_committed')).find((o) => o.partition === partition);
      if (!offsets) continue;
      let start = offsets.low;
      const saved = local?.[topic];
      // A local file is used only when its end lies within the changelog as it is now.
      if (saved && saved.end >= offsets.low && saved.end <= offsets.high) {
        restore.load(saved.entries, saved.meta);
        localRows += saved.entries.length;
        start = saved.end;
      }
      for (let from = start; from < offsets.high; from += CHUNK) {
        const until = Math.min(offsets.high, from + CHUNK);
        const [records = []] = await reader.read([{ topic, partition, from, until }]);
        for (const r of records) restore.add(r);
        read += records.length;
        onRows(read);
      }
    }
  } finally {
    await reader.close();
  }
  return { restored: out, localRows };
}
