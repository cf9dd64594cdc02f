/**
 * `createKafkajsClient`: the Kafka port over kafkajs 2.2.4, for a real broker.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { StreamlabError, type Logger } from '@streamlab/core';
import type { Admin, Producer } from 'kafkajs';
import { Kafka, logLevel, Partitioners } from './kafkajs.js';
import { kafkajsLogCreator, silentLogger } from '../logging.js';
import type {
  IsolationLevel,
  KafkaAdmin,
  KafkaClient,
  KafkaProducer,
  OutgoingRecord,
  ProducerOptions,
  RecordMetadata,
  ReaderOptions,
  ScanningReader,
  TopicSpec,
} from '../port.js';
import { mapKafkajsError, toKafkajsMessage } from './convert.js';
import { collectRanges, fetchRanges, replayRange, scanRanges, type FetchedPart } from './fetch-ranges.js';
import { describeMember, joinKafkajsGroup } from './group-member.js';
import { OutageTracker } from './outage.js';
import { PartitionCache } from './partition-cache.js';
import { commitGroupOffsets, createCluster, listPartitionOffsets, type InternalCluster } from './internals.js';

export interface KafkajsClientOptions {
  /** Bootstrap servers: `host:port` list or comma-separated string. */
  brokers: string | readonly string[];
  clientId?: string;
  logger?: Logger;
  /** Clock for outage durations in logs (default `Date.now`). */
  now?: () => number;
}

/**
 * A `KafkaClient` on a real Kafka cluster.
 *
 * @example
 * const kafka = createKafkajsClient({ brokers: process.env.KAFKA_BROKERS! });
 * await kafka.admin.createTopics([{ topic: 'orders', partitions: 3 }]);
 */
export function createKafkajsClient(opts: KafkajsClientOptions): KafkaClient {
  const brokers =
    typeof opts.brokers === 'string'
      ? opts.brokers
          .split(',')
          .map((b) => b.trim())
          .filter(Boolean)
      : [...opts.brokers];
  if (brokers.length === 0) {
    throw new StreamlabError('KAFKA_NO_BROKERS', 'no Kafka bootstrap servers given', { value: opts.brokers, hint: 'set KAFKA_BROKERS=host:port' });
  }
  const logger = opts.logger ?? silentLogger;
  const outage = new OutageTracker(logger, brokers.join(','), opts.now);
  const kafka = new Kafka({
    clientId: opts.clientId ?? 'streamlab',
    brokers,
    logLevel: logLevel.WARN,
    logCreator: kafkajsLogCreator(logger, (message) => outage.failed(message)),
  });
  const closers = new Set<() => Promise<void>>();
  const lazy = <T>(connect: () => Promise<T>, close: (t: T) => Promise<void>) => {
    let p: Promise<T> | undefined;
    const get = () => {
      if (!p) {
        p = connect();
        p.catch(() => (p = undefined));
        closers.add(async () => close(await p!));
      }
      return p;
    };
    return get;
  };

  const adminClient = lazy<Admin>(
    async () => {
      const a = kafka.admin();
      await a.connect();
      return a;
    },
    (a) => a.disconnect(),
  );
  const clusters = new Map<IsolationLevel, () => Promise<InternalCluster>>();
  const cluster = (iso: IsolationLevel) => {
    let get = clusters.get(iso);
    if (!get) {
      get = lazy(
        async () => {
          const c = createCluster(kafka, iso);
          await c.connect();
          return c;
        },
        (c) => c.disconnect(),
      );
      clusters.set(iso, get);
    }
    return get();
  };
  const wrap = async <T>(context: string, fn: () => Promise<T>): Promise<T> => {
    try {
      const out = await fn();
      outage.reachable();
      return out;
    } catch (err) {
      throw mapKafkajsError(err, context, outage.wasReachable);
    }
  };
  /** Admin calls are idempotent: retry what kafkajs reports as retriable (e.g. a group coordinator still loading). */
  const retrying = async <T>(context: string, fn: () => Promise<T>): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      try {
        const out = await fn();
        outage.reachable();
        return out;
      } catch (err) {
        if (attempt >= 12 || (err as { retriable?: unknown }).retriable !== true) throw mapKafkajsError(err, context, outage.wasReachable);
        logger.debug({ err, attempt, context }, 'retrying a retriable Kafka admin error');
        await delay(Math.min(2000, 50 * 2 ** attempt));
      }
    }
  };

  /**
   * Waits until every topic has its partitions' leaders. A topic another process has just created
   * is listed before its metadata is: reading it then fails with UNKNOWN_TOPIC_OR_PARTITION
   * (retriable), which is what three instances starting together on a new application met.
   */
  const leadersOf = async (topics: readonly TopicSpec[]): Promise<void> => {
    if (topics.length === 0) return; // (no topics asks for every topic's metadata)
    await retrying('createTopics', async () => {
      const meta = await (await adminClient()).fetchTopicMetadata({ topics: topics.map((t) => t.topic) });
      const without = meta.topics.find((t) => t.partitions.length === 0 || t.partitions.some((p) => p.leader < 0));
      if (without) throw Object.assign(new Error(`${without.name}: no partition leaders yet`), { retriable: true });
    });
  };

  const partitions = (topic: string) =>
    wrap(topic, async () => {
      const meta = await (await adminClient()).fetchTopicMetadata({ topics: [topic] });
      return (meta.topics[0]?.partitions ?? []).map((p) => p.partitionId).sort((a, b) => a - b);
    });
  /** For `topicOffsets`, which a query calls after every batch: one round trip instead of two. */
  const knownPartitions = new PartitionCache(partitions, opts.now ?? Date.now, PARTITIONS_TTL_MS);

  const admin: KafkaAdmin = {
    createTopics: (topics) =>
      retrying('createTopics', async () => {
        knownPartitions.forget(topics.map((t) => t.topic));
        const a = await adminClient();
        const existing = new Set(await a.listTopics());
        const missing = topics.filter((t) => !existing.has(t.topic));
        if (missing.length === 0) return;
        try {
          await a.createTopics({
            waitForLeaders: true,
            topics: missing.map((t) => ({
              topic: t.topic,
              numPartitions: t.partitions ?? 1,
              configEntries: Object.entries(t.configs ?? {}).map(([name, value]) => ({ name, value })),
            })),
          });
        } catch (err) {
          // Created concurrently by someone else: fine, as long as it exists now.
          if ((err as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS' && !String(err).includes('already exists')) throw err;
        }
      }).then(() => leadersOf(topics)),
    listTopics: () => wrap('listTopics', async () => (await (await adminClient()).listTopics()).sort()),
    topicConfigs: (topic) =>
      retrying(topic, async () => {
        const res = await (await adminClient()).describeConfigs({ resources: [{ type: TOPIC_RESOURCE, name: topic }], includeSynonyms: false });
        const out: Record<string, string> = {};
        for (const e of res.resources[0]?.configEntries ?? []) if (e.configValue !== null) out[e.configName] = e.configValue;
        return out;
      }),
    deleteTopics: (topics) =>
      wrap('deleteTopics', async () => {
        knownPartitions.forget(topics);
        await (await adminClient()).deleteTopics({ topics: [...topics] });
        knownPartitions.forget(topics);
      }),
    createPartitions: (topic, count) =>
      wrap(topic, async () => {
        await (await adminClient()).createPartitions({ topicPartitions: [{ topic, count }], validateOnly: false });
        knownPartitions.forget([topic]);
      }),
    partitions,
    topicOffsets: (topic, isolationLevel = 'read_uncommitted') =>
      retrying(topic, async () => listPartitionOffsets(await cluster(isolationLevel), topic, await knownPartitions.get(topic))),
    groupOffsets: (groupId, topics) =>
      retrying(groupId, async () => {
        const res = await (await adminClient()).fetchOffsets({ groupId, topics: [...topics] });
        return res
          .flatMap((t) => t.partitions.map((p) => ({ topic: t.topic, partition: p.partition, offset: Number(p.offset) })))
          .filter((o) => o.offset >= 0)
          .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
      }),
    commitGroupOffsets: (groupId, offsets) => retrying(groupId, async () => commitGroupOffsets(await cluster('read_uncommitted'), groupId, offsets)),
    describeGroup: (groupId) =>
      retrying(groupId, async () => {
        const { groups } = await (await adminClient()).describeGroups([groupId]);
        return (groups[0]?.members ?? []).map((m) => describeMember(m.memberId, m.memberMetadata, m.memberAssignment));
      }),
    deleteRecords: (topic, partition, beforeOffset) =>
      wrap(topic, async () => {
        await partitions(topic); // loads the topic's leaders into the admin's metadata
        await (await adminClient()).deleteTopicRecords({ topic, partitions: [{ partition, offset: String(beforeOffset) }] });
      }),
  };

  const producer = (popts: ProducerOptions = {}): KafkaProducer => {
    const transactional = popts.transactionalId !== undefined;
    const get = lazy<Producer>(
      async () => {
        const p = kafka.producer({
          createPartitioner: Partitioners.DefaultPartitioner,
          allowAutoTopicCreation: true,
          idempotent: popts.idempotent ?? transactional,
          ...(transactional ? { transactionalId: popts.transactionalId, maxInFlightRequests: 1 } : {}),
          ...(popts.maxInFlightRequests !== undefined && !transactional ? { maxInFlightRequests: popts.maxInFlightRequests } : {}),
          transactionTimeout: popts.transactionTimeoutMs ?? 60_000,
        });
        await p.connect();
        return p;
      },
      (p) => p.disconnect(),
    );
    const context = popts.transactionalId ?? 'producer';
    let fenced = false;
    return {
      connect: () =>
        wrap(context, async () => {
          const p = await get();
          // kafkajs registers a transactional id only at the first transaction(): begin and abort an
          // empty one (InitProducerId, no EndTxn), so connect() fences older producers now, as the port says.
          if (transactional && !fenced) {
            await (await p.transaction()).abort();
            fenced = true;
          }
        }),
      send: (records) => wrap(context, async () => sendChunked(records, (topicMessages) => get().then((p) => p.sendBatch({ acks: -1, topicMessages })))),
      transaction: () =>
        wrap(context, async () => {
          if (!transactional) {
            throw new StreamlabError('KAFKA_NOT_TRANSACTIONAL', 'transaction() needs a producer created with a transactionalId', {
              hint: 'kafka.producer({ transactionalId: "my-writer" })',
            });
          }
          const txn = await (await get()).transaction();
          return {
            send: (records) => wrap(context, async () => sendChunked(records, (topicMessages) => txn.sendBatch({ acks: -1, topicMessages }))),
            sendOffsets: (groupId, offsets) =>
              wrap(context, async () => {
                const topics = [...new Set(offsets.map((o) => o.topic))].map((topic) => ({
                  topic,
                  partitions: offsets.filter((o) => o.topic === topic).map((o) => ({ partition: o.partition, offset: String(o.offset) })),
                }));
                await txn.sendOffsets({ consumerGroupId: groupId, topics });
              }),
            commit: () => wrap(context, () => txn.commit()),
            abort: () => wrap(context, () => txn.abort()),
          };
        }),
      close: async () => {
        // Closed through the client's closers as well; disconnect is idempotent.
        await (await get().catch(() => undefined))?.disconnect();
      },
    };
  };

  const reader = (ropts: ReaderOptions = {}): ScanningReader => {
    const iso = ropts.isolationLevel ?? 'read_uncommitted';
    return {
      read: (ranges) => wrap('read', async () => fetchRanges(await cluster(iso), ranges, iso)),
      scan: (ranges, visitor) => wrap('read', async () => scanRanges(await cluster(iso), ranges, iso, visitor)),
      collect: (ranges) => wrap('read', async () => collectRanges(await cluster(iso), ranges, iso)),
      replay: (collected, range, visitor) => replayRange(collected as FetchedPart[], range, visitor),
      close: async () => undefined,
    };
  };

  return {
    kind: 'kafka',
    bootstrap: brokers.join(','),
    admin,
    producer,
    reader,
    onAppend: () => () => undefined,
    joinGroup: async (groupId, jopts) => {
      const member = await joinKafkajsGroup(kafka, groupId, jopts, logger);
      closers.add(() => member.leave());
      return member;
    },
    close: async () => {
      await Promise.allSettled([...closers].map((c) => c()));
      closers.clear();
    },
  };
}

/** kafkajs's `ConfigResourceTypes.TOPIC` (not a named export Node's ESM loader can see in the CommonJS build). */
const TOPIC_RESOURCE = 2;

/** How long `topicOffsets` trusts a topic's partition list (partitions rarely change; this client's own changes are seen at once). */
const PARTITIONS_TTL_MS = 1000;

/**
 * Bytes per request, kept under the broker's default `message.max.bytes` (1 MiB) per record batch.
 * kafkajs groups a request's messages by partition by copying the partition's list for every
 * message (quadratic): 768 KB of ~100-byte records cost 4.8 µs per message there, 1,000-record
 * requests 2.1 µs. The Kafka sink now sizes its requests itself (`kafka.batch.size`, 32 KiB of
 * each partition per request; BENCHMARKS.md, peers), so this limit only guards other callers' large
 * sends.
 */
const CHUNK_BYTES = 768 * 1024;

/** Sends in chunks of at most CHUNK_BYTES, in order, so one huge batch never exceeds the broker's limits. */
async function sendChunked(
  records: readonly OutgoingRecord[],
  send: (topicMessages: ReturnType<typeof byTopic>) => Promise<{ topicName: string; partition: number; baseOffset?: string }[]>,
): Promise<RecordMetadata[]> {
  const out: RecordMetadata[] = [];
  for (const [start, end] of chunkBounds(records, CHUNK_BYTES)) out.push(...toMetadata(await send(byTopic(records.slice(start, end)))));
  return out;
}

/**
 * `[start, end)` index ranges of `records`, in order, each at most `limit` bytes (estimated), except
 * that a record larger than `limit` goes alone (the broker judges it against the topic's
 * `max.message.bytes`). A record that would take a chunk over the limit starts the next one.
 *
 * @example
 * chunkBounds([small, small, huge, small], 768 * 1024); // [[0, 2], [2, 3], [3, 4]]
 */
export function chunkBounds(records: readonly OutgoingRecord[], limit: number): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < records.length; i++) {
    const size = sizeOf(records[i]!);
    if (i > start && bytes + size > limit) {
      out.push([start, i]);
      start = i;
      bytes = 0;
    }
    bytes += size;
  }
  if (start < records.length) out.push([start, records.length]);
  return out;
}

function sizeOf(r: OutgoingRecord): number {
  const len = (v: Buffer | string | null | undefined) => (v == null ? 0 : typeof v === 'string' ? v.length * 3 : v.length);
  return 64 + len(r.key) + len(r.value) + (r.headers ?? []).reduce((n, h) => n + h.key.length + len(h.value), 0);
}

function byTopic(records: readonly OutgoingRecord[]) {
  const map = new Map<string, ReturnType<typeof toKafkajsMessage>[]>();
  for (const r of records) {
    let list = map.get(r.topic);
    if (!list) map.set(r.topic, (list = []));
    list.push(toKafkajsMessage(r));
  }
  return [...map].map(([topic, messages]) => ({ topic, messages }));
}

function toMetadata(res: { topicName: string; partition: number; baseOffset?: string }[]): RecordMetadata[] {
  return res.map((r) => ({ topic: r.topicName, partition: r.partition, baseOffset: Number(r.baseOffset ?? -1) }));
}
