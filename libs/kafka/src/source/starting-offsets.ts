/**
 * `startingOffsets` resolved to concrete offsets against the partitions that exist now. The Kafka
 * source does it once (`KafkaSource.initialOffset()`) and the engine records the result in the
 * checkpoint (`sources/<i>/0`), so a restart before the first commit never resolves it again.
 */
import { StreamlabError } from '@streamlab/core';
import type { PartitionOffsets } from '../port.js';
import { EARLIEST, getOffset, LATEST, setOffset, type PartitionOffsetMap } from './offsets.js';
import type { StartingOffsets } from './source-options.js';

/**
 * @example
 * resolveStartingOffsets({ kind: 'latest' }, new Map([['tx', [{ partition: 0, low: 0, high: 42 }]]])); // { tx: { '0': 42 } }
 */
export function resolveStartingOffsets(s: StartingOffsets, available: Map<string, PartitionOffsets[]>): PartitionOffsetMap {
  const out: PartitionOffsetMap = {};
  for (const [topic, parts] of available) {
    for (const p of parts) {
      let offset = s.kind === 'earliest' ? EARLIEST : s.kind === 'latest' ? LATEST : getOffset(s.offsets, topic, p.partition);
      if (offset === undefined) {
        throw new StreamlabError('KAFKA_BAD_OFFSETS', `startingOffsets does not specify ${topic}-${p.partition}`, {
          value: s.kind === 'json' ? s.offsets : s,
          hint: 'give every partition of every subscribed topic an offset (-2 = earliest, -1 = latest)',
        });
      }
      if (offset === EARLIEST) offset = p.low;
      else if (offset === LATEST) offset = p.high;
      setOffset(out, topic, p.partition, offset);
    }
  }
  return out;
}
