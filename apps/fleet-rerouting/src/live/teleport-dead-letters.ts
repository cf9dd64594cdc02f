/**
 * Teleports as dead letters like every other bad ping. The Kafka source writes a ping that does not
 * decode with its reason and where it was read (`streamlab.source.topic`, `.partition`, `.offset`),
 * and the dashboard's dead-letter table shows that place. A teleport decodes: only the teleports
 * query, which sees decoded rows, knows it is bad, and a decoded row no longer says where it came
 * from, so its dead letter had no place (the table showed `?-<offset in the dead-letter topic>`).
 * The teleports reader therefore decodes with `withOrigin`, which keeps each ping's topic,
 * partition and offset on the row, and `teleportDeadLetter` writes the same headers as the source.
 */
import { DLQ_HEADERS, type Decoder } from '@streamlab/kafka';
import type { SinkRecord } from '@streamlab/kafka';
import type { RecordOrigin, RejectedPing } from '../pipelines/ping-quality.js';

/**
 * `decode`, with each decoded row's place in the log as `origin` (a record that fails is still the
 * source's to dead-letter, as before).
 *
 * @example
 * kit.read(PINGS_TOPIC, 'teleports', { decode: withOrigin(decodeJson(pingSchema(net))) }); // rows: Ping & { origin }
 */
export function withOrigin<T extends object>(decode: Decoder<T>): Decoder<T & { origin: RecordOrigin }> {
  return (record) => {
    const r = decode(record);
    if (!r.ok) return r;
    const value = r.value as T & { origin: RecordOrigin };
    value.origin = { topic: record.topic, partition: record.partition, offset: record.offset };
    return { ok: true, value };
  };
}

/**
 * The dead-letter record of a teleport: the ping as it was sent (keyed by its vehicle), with the
 * reason and, when known, where it was read, under the source's header names.
 *
 * @example
 * teleportDeadLetter(rejected); // { key: 'van-007', value: { pingId, ... }, headers: { 'streamlab.error': 'teleport: ...', 'streamlab.source.partition': '1', ... } }
 */
export function teleportDeadLetter(r: RejectedPing): SinkRecord {
  const headers: Record<string, string> = { [DLQ_HEADERS.error]: r.reason };
  if (r.origin) {
    headers[DLQ_HEADERS.topic] = r.origin.topic;
    headers[DLQ_HEADERS.partition] = String(r.origin.partition);
    headers[DLQ_HEADERS.offset] = String(r.origin.offset);
  }
  return { key: r.vehicleId, value: r.ping, headers };
}
