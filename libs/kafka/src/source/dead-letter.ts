/**
 * The dead-letter output of the Kafka source: records that failed to decode, written to a topic
 * with the original key, value and headers plus the reason and where they came from.
 *
 * No record may stop a query that has a dead-letter topic, whatever its size: a record that only
 * just fits its source topic no longer fits once the `streamlab.*` headers are added, and Kafka
 * refuses it with MESSAGE_TOO_LARGE, which no retry can fix. So:
 * - dead-letter topics are created with a `max.message.bytes` at least their sources' plus room
 *   for the headers, so a dead letter normally keeps the whole record;
 * - a dead letter that still does not fit (a topic made beforehand with a smaller limit) is cut to
 *   fit: the value first, then the original headers, then the key, with `streamlab.truncated`
 *   saying what was cut and `streamlab.original.*` the original sizes.
 */
import type { Logger } from '@streamlab/core';
import type { KafkaClient, KafkaHeader, KafkaProducer, KafkaRecord, OutgoingRecord } from '../port.js';
import { batchBytesFor, byteLength, DEFAULT_MAX_MESSAGE_BYTES, headersBytes } from '../record-size.js';

/** Header names on dead-letter records. */
export const DLQ_HEADERS = {
  error: 'streamlab.error',
  topic: 'streamlab.source.topic',
  partition: 'streamlab.source.partition',
  offset: 'streamlab.source.offset',
  /** What was cut to fit the dead-letter topic: a comma list of `value`, `headers`, `key`. Absent when nothing was. */
  truncated: 'streamlab.truncated',
  /** The original value's size in bytes, when the value was cut. */
  valueBytes: 'streamlab.original.value.bytes',
  /** The original key's size in bytes, when the key was cut. */
  keyBytes: 'streamlab.original.key.bytes',
  /** How many original headers there were, when they were dropped. */
  headerCount: 'streamlab.original.header.count',
} as const;

/** Longest reason kept in `streamlab.error` (characters); longer ones end with `…`. */
export const MAX_ERROR_CHARS = 1000;

/** Room added to a source's `max.message.bytes` for the dead-letter headers (the reason is capped at 1,000 characters). */
export const DLQ_HEADER_ROOM = 16 * 1024;

/** Bytes of a cut key that are kept. */
const KEPT_KEY_BYTES = 256;

/** The dead-letter record for `record`, which failed with `error`. */
export function deadLetterRecord(topic: string, record: KafkaRecord, error: string): OutgoingRecord {
  const reason = error.length > MAX_ERROR_CHARS ? `${error.slice(0, MAX_ERROR_CHARS - 1)}…` : error;
  return {
    topic,
    key: record.key,
    value: record.value,
    timestamp: record.timestamp,
    headers: [
      ...record.headers,
      { key: DLQ_HEADERS.error, value: Buffer.from(reason) },
      { key: DLQ_HEADERS.topic, value: Buffer.from(record.topic) },
      { key: DLQ_HEADERS.partition, value: Buffer.from(String(record.partition)) },
      { key: DLQ_HEADERS.offset, value: Buffer.from(String(record.offset)) },
    ],
  };
}

const isOurs = (h: KafkaHeader) => h.key.startsWith('streamlab.');
const header = (key: string, value: string | number): KafkaHeader => ({ key, value: Buffer.from(String(value)) });
const asBuffer = (v: Buffer | string | null | undefined): Buffer | null => (v == null ? null : typeof v === 'string' ? Buffer.from(v) : v);

/**
 * `deadLetter` cut to fit a topic whose `max.message.bytes` is `limit`: unchanged when it fits;
 * else its value is cut (kept from the start), then its original headers dropped, then its key cut,
 * as far as needed, with headers saying what was cut and the original sizes. The `streamlab.*`
 * headers (reason and origin) are always kept.
 *
 * @example
 * fitDeadLetter(deadLetterRecord('tx-dlq', huge, 'malformed JSON'), 1_048_588).headers;
 * // [..., streamlab.truncated=value, streamlab.original.value.bytes=1048512]
 */
export function fitDeadLetter(deadLetter: OutgoingRecord, limit: number): OutgoingRecord {
  const headers = deadLetter.headers ?? [];
  const keyLength = byteLength(deadLetter.key);
  const valueLength = byteLength(deadLetter.value);
  if (batchBytesFor(keyLength, valueLength, headersBytes(headers)) <= limit) return deadLetter;

  const ours = headers.filter(isOurs);
  const original = headers.filter((h) => !isOurs(h));
  const cut: string[] = ['value'];
  const notes: KafkaHeader[] = [header(DLQ_HEADERS.valueBytes, Math.max(0, valueLength))];
  let kept = original;
  let key = asBuffer(deadLetter.key);
  const fixedBytes = () => headersBytes([...kept, ...ours, header(DLQ_HEADERS.truncated, cut.join(',')), ...notes]);
  const roomForValue = () => limit - batchBytesFor(byteLength(key), 0, fixedBytes()) - 4; // up to 4 more varint bytes for the value's length
  if (roomForValue() < 0 && kept.length > 0) {
    cut.push('headers');
    notes.push(header(DLQ_HEADERS.headerCount, kept.length));
    kept = [];
  }
  if (roomForValue() < 0 && key !== null && key.length > KEPT_KEY_BYTES) {
    cut.push('key');
    notes.push(header(DLQ_HEADERS.keyBytes, key.length));
    key = key.subarray(0, KEPT_KEY_BYTES);
  }
  const value = asBuffer(deadLetter.value);
  const room = Math.max(0, roomForValue());
  const out: OutgoingRecord = {
    ...deadLetter,
    key,
    value: value === null ? null : value.subarray(0, Math.min(value.length, room)),
    headers: [...kept, ...ours, header(DLQ_HEADERS.truncated, cut.join(',')), ...notes],
  };
  return out;
}

/** Writes dead-letter records, creating their topics (with one partition) the first time. */
export class DeadLetterWriter {
  private producer: KafkaProducer | undefined;
  /** `max.message.bytes` of each dead-letter topic this writer has made sure of. */
  private readonly limits = new Map<string, number>();

  constructor(
    private readonly client: KafkaClient,
    private readonly logger: Logger,
  ) {}

  /** Sends `records` (from `prepare`, or raw dead letters, which it prepares). */
  async write(records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    const fitted = await this.prepare(records);
    this.producer ??= this.client.producer({ idempotent: true });
    try {
      await this.producer.send(fitted);
    } catch (err) {
      if ((err as { code?: string }).code !== 'KAFKA_RECORD_TOO_LARGE') throw err;
      // The topic's limit changed under us (or a broker-wide limit is lower): read it again and
      // send what fits; the last resort drops the values, so the batch can always go on.
      this.logger.warn({ err: (err as Error).message }, 'a dead letter was too large for its topic; fitting it to the limit read again');
      for (const t of new Set(records.map((r) => r.topic))) this.limits.delete(t);
      const refitted = await this.prepare(records);
      try {
        await this.producer.send(refitted);
      } catch (again) {
        if ((again as { code?: string }).code !== 'KAFKA_RECORD_TOO_LARGE') throw again;
        await this.producer.send(refitted.map((r) => fitDeadLetter(r, 0)));
      }
    }
    this.logger.debug({ count: records.length, topics: [...new Set(records.map((r) => r.topic))] }, 'records sent to the dead-letter topic');
  }

  /**
   * Makes sure the dead-letter topics of `records` exist (created with one partition and a
   * `max.message.bytes` at least their sources' plus `DLQ_HEADER_ROOM`) and returns the records
   * cut to fit their topics' limits.
   */
  async prepare(records: readonly OutgoingRecord[]): Promise<OutgoingRecord[]> {
    if (records.length === 0) return [];
    await this.createTopics(records);
    return records.map((r) => fitDeadLetter(r, this.limits.get(r.topic) ?? DEFAULT_MAX_MESSAGE_BYTES));
  }

  /** Creates the dead-letter topics of `records` that this writer has not seen yet, and learns their limits. */
  async createTopics(records: readonly OutgoingRecord[]): Promise<void> {
    const sources = new Map<string, Set<string>>();
    for (const r of records) {
      if (this.limits.has(r.topic)) continue;
      let set = sources.get(r.topic);
      if (!set) sources.set(r.topic, (set = new Set()));
      const source = r.headers?.find((h) => h.key === DLQ_HEADERS.topic)?.value;
      if (source) set.add(source.toString());
    }
    if (sources.size === 0) return;
    const specs = await Promise.all(
      [...sources].map(async ([topic, from]) => {
        const sourceLimits = await Promise.all([...from].map((s) => this.maxMessageBytes(s)));
        const bytes = Math.max(DEFAULT_MAX_MESSAGE_BYTES, ...sourceLimits) + DLQ_HEADER_ROOM;
        return { topic, partitions: 1, configs: { 'max.message.bytes': String(bytes) } };
      }),
    );
    await this.client.admin.createTopics(specs);
    // A topic that existed before keeps its own limit: dead letters are cut to fit it.
    for (const { topic } of specs) {
      const limit = await this.maxMessageBytes(topic);
      this.limits.set(topic, limit);
      if (limit < Number(specs.find((s) => s.topic === topic)!.configs['max.message.bytes'])) {
        this.logger.warn({ topic, maxMessageBytes: limit }, 'dead-letter topic allows smaller records than its sources: large dead letters will be cut to fit');
      }
    }
  }

  private async maxMessageBytes(topic: string): Promise<number> {
    try {
      const n = Number((await this.client.admin.topicConfigs(topic))['max.message.bytes']);
      return Number.isFinite(n) && n > 0 ? n : DEFAULT_MAX_MESSAGE_BYTES;
    } catch (err) {
      this.logger.debug({ err, topic }, "could not read the topic's max.message.bytes; assuming Kafka's default");
      return DEFAULT_MAX_MESSAGE_BYTES;
    }
  }

  async close(): Promise<void> {
    await this.producer?.close();
  }
}
