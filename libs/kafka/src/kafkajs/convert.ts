/** Conversions between the port's records and kafkajs's messages, and kafkajs errors to StreamlabErrors. */
import { StreamlabError } from '@streamlab/core';
import type { IHeaders, Message } from 'kafkajs';
import type { KafkaHeader, KafkaRecord, OutgoingRecord, TimestampType } from '../port.js';

/** The fields of a decoded kafkajs record that the reader uses. */
export interface RawMessage {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, Buffer | Buffer[] | undefined>;
  isControlRecord?: boolean;
  batchContext?: { timestampType?: number };
}

/** The port's header list as kafkajs's header object (repeated keys become arrays). */
export function toKafkajsHeaders(headers: readonly KafkaHeader[] | undefined): IHeaders | undefined {
  if (!headers || headers.length === 0) return undefined;
  // Without a prototype: a header named `toString` or `__proto__` is a header like any other.
  const out = new Map<string, Buffer[]>();
  for (const h of headers) {
    const list = out.get(h.key);
    if (list) list.push(h.value ?? Buffer.alloc(0));
    else out.set(h.key, [h.value ?? Buffer.alloc(0)]);
  }
  const flat: IHeaders = Object.create(null) as IHeaders;
  for (const [k, v] of out) flat[k] = v.length === 1 ? v[0] : v;
  return flat;
}

export function fromKafkajsHeaders(headers: RawMessage['headers']): KafkaHeader[] {
  if (!headers || !hasKeys(headers)) return [];
  const out: KafkaHeader[] = [];
  for (const [key, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const value of v) out.push({ key, value });
    else out.push({ key, value: v });
  }
  return out;
}

function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

export function toKafkajsMessage(r: OutgoingRecord): Message {
  const m: Message = { key: r.key ?? null, value: r.value };
  if (r.partition !== undefined) m.partition = r.partition;
  const headers = toKafkajsHeaders(r.headers);
  if (headers) m.headers = headers;
  if (r.timestamp !== undefined) m.timestamp = String(r.timestamp);
  return m;
}

export function fromRawMessage(topic: string, partition: number, m: RawMessage): KafkaRecord {
  return {
    key: m.key,
    value: m.value,
    topic,
    partition,
    offset: Number(m.offset),
    timestamp: Number(m.timestamp),
    timestampType: (m.batchContext?.timestampType === 1 ? 1 : 0) as TimestampType,
    headers: fromKafkajsHeaders(m.headers),
  };
}

/** kafkajs's protocol error type (`KafkaJSProtocolError.type`), if any, in `err` or its causes. */
export function kafkaErrorType(err: unknown): string | undefined {
  let e = err as { type?: unknown; cause?: unknown } | null | undefined;
  for (let depth = 0; e && depth < 8; depth++, e = e.cause as typeof e) {
    if (typeof e.type === 'string') return e.type;
  }
  return undefined;
}

/** Kafka's answers to a record that is too large: the same request will fail every time. */
const TOO_LARGE = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE']);

/** The kafkajs connection error in `err`'s cause chain (kafkajs wraps it once retries run out). */
function connectionError(err: unknown): { message: string; broker?: unknown } | undefined {
  let e = err as { name?: unknown; message?: string; broker?: unknown; cause?: unknown } | null | undefined;
  for (let depth = 0; e && depth < 8; depth++, e = e.cause as typeof e) {
    if (e.name === 'KafkaJSConnectionError') return { message: String(e.message), broker: e.broker };
  }
  return undefined;
}

/** Maps the kafkajs errors that callers act on to StreamlabErrors; others pass through. */
export function mapKafkajsError(err: unknown, context: string, wasReachable = false): unknown {
  const unreachable = connectionError(err);
  if (unreachable) {
    return new StreamlabError('KAFKA_UNREACHABLE', `${context}: cannot reach the Kafka broker (${unreachable.message})`, {
      value: unreachable.broker ?? context,
      // A broker this client has talked to is down (restarting, or stopped): KAFKA_BROKERS is right.
      hint: wasReachable
        ? `the broker at ${String(unreachable.broker ?? 'KAFKA_BROKERS')} answered before and is down now: check that it is running (restart it, e.g. \`npm run kafka -- --data-dir <dir>\` for a local one), then restart the query from its checkpoint`
        : 'check that KAFKA_BROKERS is host:port of a running broker (`npm run kafka` starts a local one), or unset it to use the embedded broker',
      retriable: true,
      cause: err,
    });
  }
  const type = kafkaErrorType(err);
  if (type !== undefined && TOO_LARGE.has(type)) {
    return new StreamlabError('KAFKA_RECORD_TOO_LARGE', `${context}: the broker refused a record batch as too large (${type})`, {
      value: context,
      hint: "send smaller records, or raise the topic's max.message.bytes",
      retriable: false,
      cause: err,
    });
  }
  if (type === 'UNKNOWN_TOPIC_OR_PARTITION') {
    return new StreamlabError('KAFKA_UNKNOWN_TOPIC', `${context}: topic or partition does not exist`, { value: context, hint: 'create it first', cause: err });
  }
  if (type === 'INVALID_PRODUCER_EPOCH' || type === 'PRODUCER_FENCED' || type === 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED') {
    return new StreamlabError('KAFKA_PRODUCER_FENCED', `${context}: producer was fenced by a newer one with the same transactional id`, {
      value: context,
      hint: 'only one producer per transactional id may write; close this one',
      cause: err,
    });
  }
  return err;
}
