/**
 * kafkajs 2.2.4 (pinned exactly, unmaintained since 2023) with two fixes to its produce path, and
 * the only module that loads it: everything in this package that needs a kafkajs value imports it
 * from here, so the fixes are in place before kafkajs's modules capture each other.
 *
 * 1. `groupMessagesPerPartition` copied each partition's array for every message it added
 *    (`[...current, message]`): quadratic in the messages per partition of one send. Replaced by a
 *    linear grouping with the same result.
 * 2. The Produce v3-v7 request encoder built every record through three `Encoder`s, a `Long` per
 *    varlong and a string sort of the timestamps, then copied the batch twice. Replaced, for
 *    uncompressed batches, by `encodeRecordBatch` (one buffer per partition, CRC-32C by kafkajs's
 *    own function); compressed ones still go through kafkajs. The bytes are kafkajs's, but for
 *    the batch's base and max timestamps, which are now the numeric min and max (kafkajs sorted the
 *    timestamps as strings, which is the same for all 13-digit epoch-ms times: a spec compares them).
 *
 * 3. Every request was framed by copying its payload twice (into a header `Encoder`, then into a
 *    size-prefixed one); now it is copied once, into a buffer of the exact size.
 *
 * Everything else (connections, metadata, retries, idempotent sequence numbers, transactions)
 * is kafkajs's as before. `kafkajsPatches()` says which fixes are in effect: the grouping fix
 * needs this module to load kafkajs first in the process (a process that imported `kafkajs`
 * itself before keeps its quadratic grouping, with the same results).
 */
import { createRequire } from 'node:module';
import type * as KafkajsModule from 'kafkajs';
import { encodeRecordBatch, type BatchRecord } from './record-batch.js';

const require = createRequire(import.meta.url);

interface CachedModule {
  exports: unknown;
}

/** Loads `id` and replaces its exports in the require cache, so later `require`s get `exports`. */
function replaceModule(id: string, exports: (original: never) => unknown): void {
  const path = require.resolve(id);
  const original = require(path) as never;
  const cached = (require.cache as Record<string, CachedModule | undefined>)[path];
  if (cached && (cached.exports as { streamlabPatched?: boolean }).streamlabPatched !== true) {
    const patched = exports(original) as { streamlabPatched?: boolean; original?: unknown };
    patched.streamlabPatched = true;
    patched.original = original; // for the specs, which compare the two
    cached.exports = patched;
  }
}

const SEND_MESSAGES = 'kafkajs/src/producer/sendMessages.js';
const CONNECTION = 'kafkajs/src/network/connection.js';
const REQUEST = 'kafkajs/src/protocol/request.js';
const GROUPING = 'kafkajs/src/producer/groupMessagesPerPartition.js';
const PRODUCE_V3 = 'kafkajs/src/protocol/requests/produce/v3/request.js';

const loaded = (id: string) => (require.cache as Record<string, unknown>)[require.resolve(id)] !== undefined;
/** Whether kafkajs modules that capture the replaced ones were loaded before this module could replace them. */
const groupingCaptured = loaded(SEND_MESSAGES);
const encoderCaptured = [4, 5, 6, 7].some((v) => loaded(`kafkajs/src/protocol/requests/produce/v${v}/request.js`));
const framingCaptured = loaded(CONNECTION);

type Partitioner = (a: { topic: string; partitionMetadata: unknown[]; message: unknown }) => number;

replaceModule(
  GROUPING,
  () =>
    ({ topic, partitionMetadata, messages, partitioner }: { topic: string; partitionMetadata: unknown[]; messages: unknown[]; partitioner: Partitioner }) => {
      const out: Record<number, unknown[]> = {};
      if (partitionMetadata.length === 0) return out;
      for (const message of messages) {
        const partition = partitioner({ topic, partitionMetadata, message });
        const list = out[partition];
        if (list) list.push(message);
        else out[partition] = [message];
      }
      return out;
    },
);

interface KafkajsEncoder {
  buf: Buffer;
  offset: number;
}
const Encoder = require('kafkajs/src/protocol/encoder.js') as new (initialSize?: number) => KafkajsEncoder;

/** A kafkajs `Encoder` holding `bytes[0, length)` as written (what kafkajs's callers read back). */
function encoderOver(bytes: Buffer, length: number): KafkajsEncoder {
  const e = new Encoder(0);
  e.buf = bytes;
  e.offset = length;
  return e;
}
const crc32c = require('kafkajs/src/protocol/recordBatch/crc32C/index.js') as (b: Buffer) => number;
const Long = require('kafkajs/src/utils/long.js') as { fromValue(v: unknown): { toString(): string } };
const NO_COMPRESSION = 0;

interface ProduceArgs {
  acks: number;
  timeout: number;
  transactionalId?: string | null;
  producerId?: unknown;
  producerEpoch?: number;
  compression?: number;
  topicData: { topic: string; partitions: { partition: number; firstSequence?: number; messages: BatchRecord[] }[] }[];
}

replaceModule(PRODUCE_V3, (original: (a: ProduceArgs) => unknown) => (args: ProduceArgs) => {
  if ((args.compression ?? NO_COMPRESSION) !== NO_COMPRESSION) return original(args);
  const { acks, timeout, transactionalId = null, producerEpoch = 0, topicData } = args;
  return {
    apiKey: 0,
    apiVersion: 3,
    apiName: 'Produce',
    expectResponse: () => acks !== 0,
    encode: async () => encodeProduce(acks, timeout, transactionalId, args.producerId ?? -1, producerEpoch, topicData),
  };
});

/** Produce Request (v3) => transactional_id acks timeout [topic [partition record_set]], into one buffer. */
function encodeProduce(
  acks: number,
  timeout: number,
  transactionalId: string | null,
  producerId: unknown,
  producerEpoch: number,
  topicData: ProduceArgs['topicData'],
): KafkajsEncoder {
  const now = Date.now();
  const pid = BigInt(Long.fromValue(producerId).toString());
  const transactional = transactionalId !== null && transactionalId !== undefined;
  const batches: Buffer[][] = [];
  let size = 2 + (transactional ? Buffer.byteLength(transactionalId) : 0) + 2 + 4 + 4;
  for (const t of topicData) {
    const list: Buffer[] = [];
    size += 2 + Buffer.byteLength(t.topic) + 4;
    for (const p of t.partitions) {
      const batch = encodeRecordBatch(p.messages, { producerId: pid, producerEpoch, baseSequence: p.firstSequence ?? 0, transactional, now }, crc32c);
      list.push(batch);
      size += 4 + 4 + batch.length;
    }
    batches.push(list);
  }
  const b = Buffer.allocUnsafe(size);
  let at = 0;
  if (transactional) {
    const n = Buffer.byteLength(transactionalId);
    at = b.writeInt16BE(n, at);
    at += b.write(transactionalId, at, n, 'utf8');
  } else at = b.writeInt16BE(-1, at);
  at = b.writeInt16BE(acks, at);
  at = b.writeInt32BE(timeout, at);
  at = b.writeInt32BE(topicData.length, at);
  topicData.forEach((t, ti) => {
    const n = Buffer.byteLength(t.topic);
    at = b.writeInt16BE(n, at);
    at += b.write(t.topic, at, n, 'utf8');
    at = b.writeInt32BE(t.partitions.length, at);
    t.partitions.forEach((p, pi) => {
      const batch = batches[ti]![pi]!;
      at = b.writeInt32BE(p.partition, at);
      at = b.writeInt32BE(batch.length, at);
      at += batch.copy(b, at);
    });
  });
  return encoderOver(b, at);
}

interface FramedRequest {
  correlationId: number;
  clientId: string | null;
  request: { apiKey: number; apiVersion: number; encode(): Promise<KafkajsEncoder> };
}

/** size int32, then the request header v1 (api_key int16, api_version int16, correlation_id int32, client_id nullable string), then the payload. */
replaceModule(REQUEST, () => async ({ correlationId, clientId, request: { apiKey, apiVersion, encode } }: FramedRequest) => {
  const payload = await encode();
  const idBytes = clientId === null || clientId === undefined ? 0 : Buffer.byteLength(clientId);
  const size = 2 + 2 + 4 + 2 + idBytes + payload.offset;
  const b = Buffer.allocUnsafe(4 + size);
  let at = b.writeInt32BE(size, 0);
  at = b.writeInt16BE(apiKey, at);
  at = b.writeInt16BE(apiVersion, at);
  at = b.writeInt32BE(correlationId, at);
  if (clientId === null || clientId === undefined) at = b.writeInt16BE(-1, at);
  else {
    at = b.writeInt16BE(idBytes, at);
    at += b.write(clientId, at, idBytes, 'utf8');
  }
  payload.buf.copy(b, at, 0, payload.offset);
  return encoderOver(b, b.length);
});

const kafkajs = require('kafkajs') as typeof KafkajsModule;

export const { Kafka, logLevel, Partitioners, AssignerProtocol } = kafkajs;
export type Kafka = KafkajsModule.Kafka;

/** Which of the fixes above are in effect in this process. */
export function kafkajsPatches(): { grouping: boolean; produceEncoder: boolean; requestFraming: boolean } {
  const cache = require.cache as Record<string, CachedModule | undefined>;
  const patched = (id: string) => (cache[require.resolve(id)]?.exports as { streamlabPatched?: boolean } | undefined)?.streamlabPatched === true;
  return {
    grouping: !groupingCaptured && patched(GROUPING),
    produceEncoder: !encoderCaptured && patched(PRODUCE_V3),
    requestFraming: !framingCaptured && patched(REQUEST),
  };
}
