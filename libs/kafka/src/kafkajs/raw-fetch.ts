/**
 * A Fetch request sent through a kafkajs broker connection, whose response keeps each partition's
 * record set as bytes (`records`) instead of kafkajs's message objects, for `scanRecordSet`.
 * Partitions that need kafkajs's decoder (compressed or pre-0.11 batches) get `messages` as before. Only Fetch v11 (what kafkajs 2.2.4 negotiates with every broker
 * since Kafka 2.3) has the raw response; any other version answers exactly as `broker.fetch` does.
 */
import { createRequire } from 'node:module';
import type { FetchPartition, InternalBroker } from './internals.js';
import { recordSetInfo } from './record-batch.js';

const require = createRequire(import.meta.url);

interface KafkajsDecoder {
  buffer: Buffer;
  offset: number;
  readInt16(): number;
  readInt32(): number;
  readInt64(): { toString(): string };
  readString(): string;
  readBytes(n: number): Buffer;
  canReadBytes(n: number): boolean;
  readArray<T>(f: (d: KafkajsDecoder) => T): T[];
  readArrayAsync<T>(f: (d: KafkajsDecoder) => Promise<T>): Promise<T[]>;
}
const Decoder = require('kafkajs/src/protocol/decoder.js') as new (b: Buffer) => KafkajsDecoder;
const decodeMessages = require('kafkajs/src/protocol/requests/fetch/v4/decodeMessages.js') as (d: KafkajsDecoder) => Promise<FetchPartition['messages']>;
const fetchV11 = require('kafkajs/src/protocol/requests/fetch/v11/response.js') as { parse(data: unknown): Promise<unknown> };
const { requests } = require('kafkajs/src/protocol/requests/index.js') as { requests: { Fetch: unknown } };
const apiKeys = require('kafkajs/src/protocol/requests/apiKeys.js') as { Fetch: number };

/** A fetched partition; `records` (with `next`, the offset after its last complete batch) when it can be scanned raw. */
export interface RawFetchPartition extends FetchPartition {
  records?: Buffer;
  next?: number;
}

const decodeAborted = (d: KafkajsDecoder) => ({ producerId: d.readInt64().toString(), firstOffset: d.readInt64().toString() });

async function decodePartition(d: KafkajsDecoder): Promise<RawFetchPartition> {
  const partition = d.readInt32();
  const errorCode = d.readInt16();
  const highWatermark = d.readInt64().toString();
  const lastStableOffset = d.readInt64().toString();
  d.readInt64(); // log start offset
  const abortedTransactions = d.readArray(decodeAborted);
  d.readInt32(); // preferred read replica
  const base = { partition, errorCode, highWatermark, lastStableOffset, abortedTransactions };
  const mark = d.offset;
  const size = d.readInt32();
  if (size <= 0 || !d.canReadBytes(size)) return { ...base, messages: [] };
  const records = d.readBytes(size);
  const info = recordSetInfo(records, 0, size);
  if (info.plain) return { ...base, messages: [], records, next: info.next };
  d.offset = mark;
  return { ...base, messages: await decodeMessages(d) };
}

/** Fetch Response v11 => throttle_time_ms error_code session_id [topic [partition ...]], kafkajs's field names. */
const rawResponseV11 = {
  async decode(raw: Buffer) {
    const d = new Decoder(raw);
    const clientSideThrottleTime = d.readInt32();
    const errorCode = d.readInt16();
    const sessionId = d.readInt32();
    const responses = await d.readArrayAsync(async (t) => ({ topicName: t.readString(), partitions: await t.readArrayAsync(decodePartition) }));
    return { throttleTime: 0, clientSideThrottleTime, errorCode, sessionId, responses };
  },
  parse: fetchV11.parse,
};

interface ProtocolRequest {
  request: { apiVersion: number };
  response: unknown;
  requestTimeout?: number;
}

interface BrokerInternals {
  lookupRequest(apiKey: number, definitions: unknown): (args: object) => ProtocolRequest;
  connectionPool: { send(protocol: ProtocolRequest): Promise<unknown> };
  disconnect(): Promise<void>;
}

export type FetchArgs = Parameters<InternalBroker['fetch']>[0];

/** `broker.fetch(args)`, with raw record sets where the broker speaks Fetch v11. */
export async function fetchRaw(broker: InternalBroker, args: FetchArgs): Promise<{ responses: { topicName: string; partitions: RawFetchPartition[] }[] }> {
  const b = broker as unknown as BrokerInternals;
  if (typeof b.lookupRequest !== 'function' || typeof b.connectionPool?.send !== 'function') return broker.fetch(args);
  const protocol = b.lookupRequest(apiKeys.Fetch, requests.Fetch)({ replicaId: -1, ...args });
  if (protocol.request.apiVersion !== 11) return broker.fetch(args);
  try {
    return (await b.connectionPool.send({ ...protocol, response: rawResponseV11 })) as Awaited<ReturnType<typeof fetchRaw>>;
  } catch (err) {
    // as kafkajs's broker does on a closed connection: the next request reconnects
    if ((err as { name?: string }).name === 'KafkaJSConnectionClosedError') await b.disconnect();
    throw err;
  }
}
