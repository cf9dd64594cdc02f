/**
 * Turning a result row into a Kafka record, with Spark's Kafka sink columns: `topic`, `key`,
 * `value`, `headers`, `partition`. Objects are JSON-encoded; strings and Buffers are sent as they are.
 */
import { StreamlabError } from '@streamlab/core';
import type { KafkaHeader, OutgoingRecord } from '../port.js';

/** What a row (or `toRecord(row)`) gives the sink. Only `value` is required. */
export interface SinkRecord {
  topic?: string;
  key?: unknown;
  value: unknown;
  headers?: readonly KafkaHeader[] | Record<string, string | Buffer>;
  partition?: number;
  /** Epoch ms. */
  timestamp?: number;
}

/** Encodes a key or value: Buffer and string as they are, null/undefined as null, anything else as JSON. */
export function encode(v: unknown): Buffer | string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || Buffer.isBuffer(v)) return v;
  return JSON.stringify(v);
}

/**
 * The record for one sink row; `defaultTopic` is used when the row names none.
 *
 * @example
 * toOutgoing({ key: 'c1', value: { n: 3 } }, 'alerts') // { topic: 'alerts', key: 'c1', value: '{"n":3}' }
 */
export function toOutgoing(row: SinkRecord, defaultTopic: string | undefined): OutgoingRecord {
  const topic = row.topic ?? defaultTopic;
  if (typeof topic !== 'string' || topic === '') {
    throw new StreamlabError('KAFKA_SINK_NO_TOPIC', 'a row has no topic and the Kafka sink has no topic option', {
      value: row,
      hint: "set the sink's topic option, or give each row a topic field",
    });
  }
  if (!('value' in row)) {
    throw new StreamlabError('KAFKA_SINK_NO_VALUE', "a row has no value field (Spark's Kafka sink requires one)", {
      value: row,
      hint: 'map each row to a record first (e.g. .map((r) => ({ key: r.id, value: r }))), or pass toRecord to the sink',
    });
  }
  const out: OutgoingRecord = { topic, key: encode(row.key), value: encode(row.value) };
  if (row.partition !== undefined) out.partition = row.partition;
  if (row.timestamp !== undefined) out.timestamp = row.timestamp;
  if (row.headers) {
    out.headers = Array.isArray(row.headers)
      ? (row.headers as KafkaHeader[])
      : Object.entries(row.headers).map(([key, value]) => ({ key, value: Buffer.isBuffer(value) ? value : Buffer.from(String(value)) }));
  }
  return out;
}
