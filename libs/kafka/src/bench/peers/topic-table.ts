/**
 * A compacted topic read as a table, the way a stream-static join's reference data is loaded from
 * Kafka: every partition from its first offset to its end offset at the time of the call, the last
 * value per key (what compaction keeps), a tombstone (null value) deleting its key. Records
 * without a key are not table rows and are skipped.
 */
import type { KafkaClient, PartitionRange } from '../../port.js';

/**
 * The table in `topic` now: key to its last value.
 *
 * @example
 * const profiles = await readTopicTable(client, 'card-profiles'); // Map { 'card-1' => <Buffer ...> }
 */
export async function readTopicTable(client: KafkaClient, topic: string): Promise<Map<string, Buffer>> {
  const ranges: PartitionRange[] = [];
  for (const p of await client.admin.topicOffsets(topic)) if (p.high > p.low) ranges.push({ topic, partition: p.partition, from: p.low, until: p.high });
  const table = new Map<string, Buffer>();
  if (ranges.length === 0) return table;
  const reader = client.reader();
  try {
    for (const records of await reader.read(ranges)) {
      for (const r of records) {
        if (r.key === null) continue;
        const key = r.key.toString();
        if (r.value === null) table.delete(key);
        else table.set(key, r.value);
      }
    }
  } finally {
    await reader.close();
  }
  return table;
}
