/**
 * Kafka's record batch format (magic 2, KIP-98), read and written without kafkajs's per-record
 * objects: kafkajs 2.2.4 decodes every fetched record into an object with its offset and timestamp
 * as strings made through a 64-bit `Long`, and encodes every produced record through three
 * `Encoder`s and a string sort of the timestamps. Both were the largest costs of a Kafka-to-Kafka
 * query after JSON (BENCHMARKS.md, "Peers"). kafkajs still does everything around the bytes:
 * connections, metadata, retries, idempotent sequence numbers, transactions.
 *
 * Reading covers the common case only, uncompressed magic-2 batches; `recordSetInfo` tells the
 * caller when a record set has anything else (compression, an older format), which then goes
 * through kafkajs's decoder as before.
 *
 * Layout (https://kafka.apache.org/documentation/#recordbatch):
 *   baseOffset int64, batchLength int32, partitionLeaderEpoch int32, magic int8, crc uint32,
 *   attributes int16, lastOffsetDelta int32, baseTimestamp int64, maxTimestamp int64,
 *   producerId int64, producerEpoch int16, baseSequence int32, records [count int32, Record...]
 *   Record: length varint, attributes int8, timestampDelta varlong, offsetDelta varint,
 *   key varint-bytes, value varint-bytes, headers [count varint, (key varint-string, value varint-bytes)...]
 */
import type { KafkaHeader, TimestampType } from '../port.js';

/** Bytes of a batch before its first record: the 61 of the header above. */
export const BATCH_HEADER_BYTES = 61;
/** Offset of `magic` in a batch. */
const MAGIC_AT = 16;
const ATTRIBUTES_AT = 21;
const COMPRESSION_MASK = 0x07;
const TIMESTAMP_TYPE_MASK = 0x08;
const TRANSACTIONAL_MASK = 0x10;
const CONTROL_MASK = 0x20;

const TWO_32 = 4294967296;

function readInt64(b: Buffer, at: number): number {
  return b.readInt32BE(at) * TWO_32 + b.readUInt32BE(at + 4);
}

/**
 * What a fetched record set holds: whether every complete batch in `bytes[start, end)` is an
 * uncompressed magic-2 batch, i.e. `scanRecordSet` can read it, and the offset after its last
 * complete batch (-1 when there is none). A partial batch at the end, as a fetch's byte limit
 * leaves, is not counted.
 */
export function recordSetInfo(bytes: Buffer, start: number, end: number): { plain: boolean; next: number } {
  let at = start;
  let plain = true;
  let next = -1;
  while (at + BATCH_HEADER_BYTES <= end) {
    const size = bytes.readInt32BE(at + 8);
    if (at + 12 + size > end) break;
    if (bytes[at + MAGIC_AT] !== 2 || (bytes.readInt16BE(at + ATTRIBUTES_AT) & COMPRESSION_MASK) !== 0) plain = false;
    next = readInt64(bytes, at) + bytes.readInt32BE(at + 23) + 1;
    at += 12 + size;
  }
  return { plain, next };
}

/** What `scanRecordSet` hands each record of a data batch to. Offsets and times are exact below 2^53. */
export interface RawRecordSink {
  /**
   * One record: its key and value are `bytes[keyStart, keyEnd)` and `bytes[valueStart, valueEnd)`
   * (start -1: null), its headers `bytes[headersStart, headersEnd)` (read them with `readHeaders`).
   */
  record(
    offset: number,
    timestamp: number,
    timestampType: TimestampType,
    bytes: Buffer,
    keyStart: number,
    keyEnd: number,
    valueStart: number,
    valueEnd: number,
    headerCount: number,
    headersStart: number,
  ): void;
}

/** A varint read: its value and where the next field starts. Reused to avoid an object per field. */
const cursor = { value: 0, at: 0 };

/** Reads an unsigned varint at `at` into `cursor` (exact up to 2^53). */
function readUVarint(b: Buffer, at: number): void {
  let byte = b[at++]!;
  if (byte < 0x80) {
    cursor.value = byte;
    cursor.at = at;
    return;
  }
  let value = byte & 0x7f;
  let scale = 128;
  for (;;) {
    byte = b[at++]!;
    if (byte === undefined) throw new RangeError('varint runs past the end of the record set');
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) break;
    scale *= 128;
    if (scale > 2 ** 63) throw new RangeError('varint longer than 10 bytes');
  }
  cursor.value = value;
  cursor.at = at;
}

/** A zigzag varint (Kafka's signed varint and varlong). */
function readVarint(b: Buffer, at: number): void {
  readUVarint(b, at);
  const u = cursor.value;
  cursor.value = u % 2 === 0 ? u / 2 : -(u + 1) / 2;
}

/**
 * Reads the complete batches of `bytes[start, end)` (uncompressed, magic 2: check with
 * `recordSetInfo`) and hands `sink` every record of a data batch whose offset is in `[from, until)`.
 * Control batches (transaction markers) occupy offsets but give no records.
 *
 * @returns the offset after the last complete batch, or -1 when there is none.
 */
export function scanRecordSet(
  bytes: Buffer,
  start: number,
  end: number,
  from: number,
  until: number,
  sink: RawRecordSink,
  aborted?: AbortedTransactions,
): number {
  let at = start;
  let next = -1;
  while (at + BATCH_HEADER_BYTES <= end) {
    const batchEnd = at + 12 + bytes.readInt32BE(at + 8);
    if (batchEnd > end) break;
    const baseOffset = readInt64(bytes, at);
    const attributes = bytes.readInt16BE(at + ATTRIBUTES_AT);
    const lastOffsetDelta = bytes.readInt32BE(at + 23);
    next = baseOffset + lastOffsetDelta + 1;
    const control = (attributes & CONTROL_MASK) !== 0;
    let skip = control;
    if (aborted !== undefined) {
      const producerId = readInt64(bytes, at + 43);
      if (producerId >= 0) {
        aborted.enter(next - 1);
        if (control) {
          if ((attributes & TRANSACTIONAL_MASK) !== 0 && controlType(bytes, at + BATCH_HEADER_BYTES) === ABORT) aborted.leave(producerId);
        } else if ((attributes & TRANSACTIONAL_MASK) !== 0 && aborted.has(producerId)) skip = true;
      }
    }
    if (!skip && next > from && baseOffset < until) {
      const baseTimestamp = readInt64(bytes, at + 27);
      const logAppendTime = (attributes & TIMESTAMP_TYPE_MASK) !== 0;
      const maxTimestamp = logAppendTime ? readInt64(bytes, at + 35) : 0;
      const type: TimestampType = logAppendTime ? 1 : 0;
      const count = bytes.readInt32BE(at + 57);
      let p = at + BATCH_HEADER_BYTES;
      for (let k = 0; k < count; k++) {
        readVarint(bytes, p); // record length
        const recordEnd = cursor.at + cursor.value;
        readVarint(bytes, cursor.at + 1); // after the record's attributes byte: timestampDelta
        const timestamp = logAppendTime ? maxTimestamp : baseTimestamp + cursor.value;
        readVarint(bytes, cursor.at);
        const offset = baseOffset + cursor.value;
        readVarint(bytes, cursor.at);
        let keyStart = -1;
        let keyEnd = -1;
        if (cursor.value >= 0) {
          keyStart = cursor.at;
          keyEnd = keyStart + cursor.value;
        }
        readVarint(bytes, keyEnd >= 0 ? keyEnd : cursor.at);
        let valueStart = -1;
        let valueEnd = -1;
        let q = cursor.at;
        if (cursor.value >= 0) {
          valueStart = cursor.at;
          valueEnd = valueStart + cursor.value;
          q = valueEnd;
        }
        readVarint(bytes, q);
        if (recordEnd > batchEnd) throw new RangeError(`record at offset ${offset} runs past its batch`);
        if (offset >= from && offset < until) sink.record(offset, timestamp, type, bytes, keyStart, keyEnd, valueStart, valueEnd, cursor.value, cursor.at);
        p = recordEnd;
      }
    }
    at = batchEnd;
  }
  return next;
}

/** A control record's type (its key is version int16, type int16): 0 = ABORT, 1 = COMMIT. */
const ABORT = 0;

/** The type of the control record at `at` (the first record of a control batch); -1 when it has no such key. */
function controlType(bytes: Buffer, at: number): number {
  readVarint(bytes, at); // length
  readVarint(bytes, cursor.at + 1); // timestampDelta
  readVarint(bytes, cursor.at); // offsetDelta
  readVarint(bytes, cursor.at); // key length
  return cursor.value >= 4 ? bytes.readInt16BE(cursor.at + 2) : -1;
}

/**
 * The aborted transactions of one fetched partition under read_committed, as the Java consumer
 * reads them (`CompletedFetch`): the broker lists the aborted transactions that overlap the
 * response (by their first offset, in no promised order); a producer's transaction becomes
 * "aborted" once the read reaches its first offset and stays so until that producer's ABORT marker.
 * Its transactional batches in between are skipped.
 *
 * kafkajs 2.2.4's `filterAbortedMessages` got this wrong twice: it entered at most one listed
 * transaction per record, and assumed the list sorted by first offset, so a read starting inside
 * two or more aborted transactions returned some of their records (a spec of this file and a
 * real-broker spec show it).
 */
export class AbortedTransactions {
  /** Listed transactions not reached yet, by first offset descending (the next one is last). */
  private readonly pending: { producerId: number; firstOffset: number }[];
  private readonly producers = new Set<number>();

  constructor(list: readonly { producerId: string | number; firstOffset: string | number }[]) {
    this.pending = list.map((t) => ({ producerId: Number(t.producerId), firstOffset: Number(t.firstOffset) })).sort((a, b) => b.firstOffset - a.firstOffset);
  }

  /** The read reached `offset`: every listed transaction starting at or before it is now aborted. */
  enter(offset: number): void {
    const p = this.pending;
    while (p.length > 0 && p[p.length - 1]!.firstOffset <= offset) this.producers.add(p.pop()!.producerId);
  }

  /** `producerId`'s ABORT marker: its aborted transaction is over. */
  leave(producerId: number): void {
    this.producers.delete(producerId);
  }

  has(producerId: number): boolean {
    return this.producers.has(producerId);
  }
}

/** The headers of a record, in the order they were written (`headerCount` of them from `at`). */
export function readHeaders(bytes: Buffer, headerCount: number, at: number): KafkaHeader[] {
  const out: KafkaHeader[] = [];
  let p = at;
  for (let h = 0; h < headerCount; h++) {
    readVarint(bytes, p);
    const keyStart = cursor.at;
    const keyEnd = keyStart + cursor.value;
    readVarint(bytes, keyEnd);
    const value = cursor.value >= 0 ? bytes.subarray(cursor.at, cursor.at + cursor.value) : null;
    p = cursor.value >= 0 ? cursor.at + cursor.value : cursor.at;
    out.push({ key: bytes.toString('utf8', keyStart, keyEnd), value });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Writing

/** A record to put in a batch: kafkajs's message shape after its partitioner ran. */
export interface BatchRecord {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  /** Epoch ms (kafkajs passes strings); the batch's time when absent. */
  timestamp?: string | number | null;
  /** kafkajs's header object: a value or a list of values per key. */
  headers?: Record<string, Buffer | string | null | (Buffer | string | null)[] | undefined> | null;
}

export interface BatchFields {
  producerId: number | bigint;
  producerEpoch: number;
  baseSequence: number;
  transactional: boolean;
  /** The time of records without one (kafkajs: `Date.now()` when the request is encoded). */
  now: number;
}

function uvarintSize(u: number): number {
  let n = 1;
  while (u >= 128) {
    u = Math.floor(u / 128);
    n++;
  }
  return n;
}

function zigzag(v: number): number {
  return v >= 0 ? v * 2 : -v * 2 - 1;
}

function writeUVarint(b: Buffer, at: number, u: number): number {
  while (u >= 128) {
    b[at++] = (u % 128) | 0x80;
    u = Math.floor(u / 128);
  }
  b[at++] = u;
  return at;
}

function byteLength(v: Buffer | string): number {
  return typeof v === 'string' ? Buffer.byteLength(v) : v.length;
}

/** kafkajs writes a value that is neither a string nor a Buffer as `String(value)`. */
function bytesOf(v: unknown): Buffer | string | null {
  return v === null || v === undefined ? null : typeof v === 'string' || Buffer.isBuffer(v) ? v : String(v);
}

function writeBytes(b: Buffer, at: number, v: Buffer | string | null | undefined, size: number): number {
  if (v === null || v === undefined) return writeUVarint(b, at, 1); // zigzag(-1)
  at = writeUVarint(b, at, zigzag(size));
  if (typeof v === 'string') b.write(v, at, size, 'utf8');
  else v.copy(b, at);
  return at + size;
}

/** kafkajs's header object as a flat list, in its key order (repeated keys: the values in order). */
function headerList(h: BatchRecord['headers']): [string, Buffer | string | null][] {
  const out: [string, Buffer | string | null][] = [];
  if (!h) return out;
  for (const key of Object.keys(h)) {
    const v = h[key];
    if (Array.isArray(v)) for (const x of v) out.push([key, x]);
    else out.push([key, v ?? null]);
  }
  return out;
}

/** Reused per call: sizes of each record's fields. */
let sizes = new Float64Array(1024);

/**
 * One uncompressed magic-2 record batch with `records` at offset deltas 0.., as kafkajs's
 * `RecordBatch` writes it: base offset 0 (the broker assigns offsets), leader epoch 0, the base
 * timestamp the smallest record time and the max timestamp the largest, CRC-32C over the
 * attributes to the end.
 */
export function encodeRecordBatch(records: readonly BatchRecord[], f: BatchFields, crc32c: (b: Buffer) => number): Buffer {
  const n = records.length;
  if (sizes.length < n * 3) sizes = new Float64Array(n * 6);
  let first = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = records[i]!.timestamp;
    const time = t === null || t === undefined || t === '' ? f.now : Number(t);
    times[i] = time;
    if (time < first) first = time;
    if (time > max) max = time;
  }
  if (n === 0) first = max = f.now;
  const headerLists: ([string, Buffer | string | null][] | undefined)[] = new Array(n);
  let total = BATCH_HEADER_BYTES;
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    const key = bytesOf(r.key);
    const keySize = key === null ? -1 : byteLength(key);
    const value = bytesOf(r.value);
    const valueSize = value === null || value === undefined ? -1 : byteLength(value);
    let body = 1 + uvarintSize(zigzag(times[i]! - first)) + uvarintSize(zigzag(i));
    body += keySize < 0 ? 1 : uvarintSize(zigzag(keySize)) + keySize;
    body += valueSize < 0 ? 1 : uvarintSize(zigzag(valueSize)) + valueSize;
    const hs = r.headers ? headerList(r.headers) : undefined;
    headerLists[i] = hs;
    body += uvarintSize(zigzag(hs?.length ?? 0));
    if (hs) {
      for (const [k, v] of hs) {
        const ks = Buffer.byteLength(k);
        body += uvarintSize(zigzag(ks)) + ks;
        const hv = bytesOf(v);
        if (hv === null) body += 1;
        else {
          const vs = byteLength(hv);
          body += uvarintSize(zigzag(vs)) + vs;
        }
      }
    }
    sizes[i * 3] = body;
    sizes[i * 3 + 1] = keySize;
    sizes[i * 3 + 2] = valueSize;
    total += uvarintSize(zigzag(body)) + body;
  }
  const b = Buffer.allocUnsafe(total);
  // baseOffset 0, batchLength, partitionLeaderEpoch 0, magic 2; the CRC at 17 is written last
  b.writeInt32BE(0, 0);
  b.writeInt32BE(0, 4);
  b.writeInt32BE(total - 12, 8);
  b.writeInt32BE(0, 12);
  b[16] = 2;
  b.writeInt16BE(f.transactional ? TRANSACTIONAL_MASK : 0, ATTRIBUTES_AT);
  b.writeInt32BE(n - 1, 23);
  b.writeBigInt64BE(BigInt(first), 27);
  b.writeBigInt64BE(BigInt(max), 35);
  b.writeBigInt64BE(BigInt(f.producerId), 43);
  b.writeInt16BE(f.producerEpoch, 51);
  b.writeInt32BE(f.baseSequence, 53);
  b.writeInt32BE(n, 57);
  let at = BATCH_HEADER_BYTES;
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    at = writeUVarint(b, at, zigzag(sizes[i * 3]!));
    b[at++] = 0;
    at = writeUVarint(b, at, zigzag(times[i]! - first));
    at = writeUVarint(b, at, zigzag(i));
    at = writeBytes(b, at, bytesOf(r.key), sizes[i * 3 + 1]!);
    at = writeBytes(b, at, bytesOf(r.value), sizes[i * 3 + 2]!);
    const hs = headerLists[i];
    at = writeUVarint(b, at, zigzag(hs?.length ?? 0));
    if (hs) {
      for (const [k, v] of hs) {
        at = writeBytes(b, at, k, Buffer.byteLength(k));
        const hv = bytesOf(v);
        at = writeBytes(b, at, hv, hv === null ? -1 : byteLength(hv));
      }
    }
  }
  if (at !== total) throw new Error(`record batch size mismatch: wrote ${at} of ${total} bytes`);
  b.writeUInt32BE(crc32c(b.subarray(ATTRIBUTES_AT)), 17);
  return b;
}
