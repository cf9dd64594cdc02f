/**
 * The size a record takes on the wire and in the log, as Kafka counts it against a topic's
 * `max.message.bytes`: a v2 record batch (61 bytes of header, the 12 bytes of offset and length
 * included) holding the record (varint lengths, attributes, deltas, key, value, headers). The
 * broker refuses a batch larger than the limit with MESSAGE_TOO_LARGE, which no retry can fix.
 */
import type { KafkaHeader, OutgoingRecord } from './port.js';

/** Kafka's default `max.message.bytes` (and broker `message.max.bytes`): 1 MiB + 12. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024 + 12;

/** The record batch header (v2), counting the log entry's offset and length. */
export const RECORD_BATCH_OVERHEAD = 61;

/** Bytes of `n` as Kafka's zigzag varint. */
export function varintBytes(n: number): number {
  let z = n >= 0 ? n * 2 : -n * 2 - 1;
  let bytes = 1;
  while (z >= 128) {
    z = Math.floor(z / 128);
    bytes++;
  }
  return bytes;
}

type Bytes = Buffer | string | null | undefined;

/** Byte length of a key, value or header value as sent (strings as UTF-8); -1 for null. */
export function byteLength(v: Bytes): number {
  if (v === null || v === undefined) return -1;
  return typeof v === 'string' ? Buffer.byteLength(v) : v.length;
}

const field = (len: number) => varintBytes(len) + Math.max(0, len);

/** Bytes of the record's headers in a record (count and every key and value). */
export function headersBytes(headers: readonly KafkaHeader[] | undefined): number {
  let n = varintBytes(headers?.length ?? 0);
  for (const h of headers ?? []) n += field(Buffer.byteLength(h.key)) + field(byteLength(h.value));
  return n;
}

/**
 * The size of a batch holding only `record` (the first record of its batch: deltas 0), which is
 * what the broker compares with `max.message.bytes` when the record is sent on its own.
 *
 * @example
 * singleRecordBatchBytes({ topic: 't', value: 'x' }); // 70
 */
export function singleRecordBatchBytes(record: Pick<OutgoingRecord, 'key' | 'value' | 'headers'>): number {
  return batchBytesFor(byteLength(record.key), byteLength(record.value), headersBytes(record.headers));
}

/** `singleRecordBatchBytes` from the parts' sizes: key and value lengths (-1 for null) and `headersBytes`. */
export function batchBytesFor(keyLength: number, valueLength: number, headerBytes: number): number {
  // attributes (1) + timestamp delta (varint 0: 1) + offset delta (varint 0: 1)
  const body = 3 + field(keyLength) + field(valueLength) + headerBytes;
  return RECORD_BATCH_OVERHEAD + varintBytes(body) + body;
}
