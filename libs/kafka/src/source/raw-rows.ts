/** Batch helpers of the Kafka source for records read as objects. */
import type { KafkaRecord } from '../port.js';

/** A row of the Kafka source without a decoder (Spark's columns). `headers` only with `includeHeaders`. */
export type KafkaRow = Omit<KafkaRecord, 'headers'> & { headers?: KafkaRecord['headers'] };

/**
 * The records of all ranges, in range order.
 *
 * @example
 * concat([[a], [b, c]]) // [a, b, c]
 */
export function concat(parts: readonly KafkaRecord[][]): KafkaRecord[] {
  if (parts.length === 1) return parts[0]!;
  const out: KafkaRecord[] = [];
  for (const part of parts) for (let i = 0; i < part.length; i++) out.push(part[i]!);
  return out;
}

/**
 * The raw rows of records: the records themselves with `includeHeaders`, else each record's fields
 * but `headers`, in the same order (one object literal: one shape, no rest spread per record).
 *
 * @example
 * rawRows(records, false)[0] // { key, value, topic, partition, offset, timestamp, timestampType }
 */
export function rawRows(records: KafkaRecord[], includeHeaders: boolean): KafkaRow[] {
  if (includeHeaders) return records;
  const rows: KafkaRow[] = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    rows[i] = { key: r.key, value: r.value, topic: r.topic, partition: r.partition, offset: r.offset, timestamp: r.timestamp, timestampType: r.timestampType };
  }
  return rows;
}
