/**
 * The embedded broker: an in-process partitioned log with topics, partitions, offsets, Kafka's
 * keyed partitioning, retention by count, consumer-group offsets and transactions. It lets
 * `npm start` work on a machine without Kafka; it is not a distributed system (no replication,
 * no persistence, one process). Clients reach it through `createEmbeddedKafka`.
 */
import { EventEmitter } from 'node:events';
import { StreamlabError } from '@streamlab/core';
import type { OutgoingRecord, PartitionOffsets, RecordMetadata, TopicPartitionOffset, TopicSpec } from '../port.js';
import { DEFAULT_MAX_MESSAGE_BYTES, singleRecordBatchBytes } from '../record-size.js';
import { partitionForKey } from './murmur2.js';
import { PartitionLog, type AppendRecord, type TxnMark } from './partition-log.js';
import { EmbeddedGroupCoordinator } from './group-coordinator.js';

export interface EmbeddedBrokerOptions {
  /** Partitions of a topic created by a first write (Kafka's `num.partitions`). Default 1. */
  defaultPartitions?: number;
  /** Create a topic on first write, as Kafka's `auto.create.topics.enable`. Default true. */
  autoCreateTopics?: boolean;
  /** Record timestamps when the producer gives none. Default `Date.now`. */
  now?: () => number;
}

interface Topic {
  partitions: PartitionLog[];
  configs: Record<string, string>;
  roundRobin: number;
  /** `max.message.bytes`: a record whose batch is larger is refused, as by Kafka. */
  maxMessageBytes: number;
}

/** The topic configs the embedded broker gives a topic that does not set them (Kafka's defaults). */
const TOPIC_DEFAULTS: Readonly<Record<string, string>> = {
  'max.message.bytes': String(DEFAULT_MAX_MESSAGE_BYTES),
  'cleanup.policy': 'delete',
};

/** An open transaction: the partitions it wrote and the group offsets it will commit. */
export interface EmbeddedTxn {
  readonly transactionalId: string;
  readonly epoch: number;
  marks: Map<PartitionLog, TxnMark>;
  offsets: { groupId: string; offsets: TopicPartitionOffset[] }[];
}

/**
 * State of the embedded broker. Use one per test; `defaultEmbeddedBroker()` is the process-wide one.
 *
 * @example
 * const broker = new EmbeddedBroker();
 * const kafka = createEmbeddedKafka({ broker });
 */
export class EmbeddedBroker {
  private readonly topics = new Map<string, Topic>();
  private readonly groups = new Map<string, Map<string, number>>();
  private readonly epochs = new Map<string, number>();
  private readonly open = new Map<string, EmbeddedTxn>();
  private readonly events = new EventEmitter().setMaxListeners(0);
  /** Group membership for partition assignment (scale-out instances). */
  readonly coordinator = new EmbeddedGroupCoordinator((topic) => (this.hasTopic(topic) ? this.partitionCount(topic) : 0));
  readonly now: () => number;
  private readonly defaultPartitions: number;
  private readonly autoCreate: boolean;

  constructor(opts: EmbeddedBrokerOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.defaultPartitions = opts.defaultPartitions ?? 1;
    this.autoCreate = opts.autoCreateTopics ?? true;
  }

  createTopic(spec: TopicSpec): void {
    if (this.topics.has(spec.topic)) return;
    const count = spec.partitions ?? 1;
    if (!Number.isInteger(count) || count < 1) {
      throw new StreamlabError('KAFKA_BAD_PARTITIONS', `topic ${spec.topic}: partitions must be a positive integer, got ${count}`, { value: count });
    }
    const configs = { ...spec.configs };
    const retention = retentionOf(configs);
    const maxMessageBytes = maxMessageBytesOf(configs);
    this.topics.set(spec.topic, {
      partitions: Array.from({ length: count }, (_, p) => new PartitionLog(spec.topic, p, retention)),
      configs,
      roundRobin: 0,
      maxMessageBytes,
    });
  }

  /** The topic's configs with Kafka's defaults for those it does not set. */
  topicConfigs(topic: string): Record<string, string> {
    return { ...TOPIC_DEFAULTS, ...this.topic(topic).configs };
  }

  listTopics(): string[] {
    return [...this.topics.keys()].sort();
  }

  deleteTopic(topic: string): void {
    this.topics.delete(topic);
  }

  createPartitions(topic: string, count: number): void {
    const t = this.topic(topic);
    if (count <= t.partitions.length) {
      throw new StreamlabError('KAFKA_BAD_PARTITIONS', `topic ${topic} has ${t.partitions.length} partitions; it can only grow`, { value: count });
    }
    for (let p = t.partitions.length; p < count; p++) t.partitions.push(new PartitionLog(topic, p, retentionOf(t.configs)));
    this.events.emit(topic);
  }

  hasTopic(topic: string): boolean {
    return this.topics.has(topic);
  }

  partitionLog(topic: string, partition: number): PartitionLog {
    const log = this.topic(topic).partitions[partition];
    if (!log) throw new StreamlabError('KAFKA_UNKNOWN_PARTITION', `topic ${topic} has no partition ${partition}`, { value: partition });
    return log;
  }

  partitionCount(topic: string): number {
    return this.topic(topic).partitions.length;
  }

  offsets(topic: string, committedOnly = false): PartitionOffsets[] {
    return this.topic(topic).partitions.map((log) => ({ partition: log.partition, low: log.low, high: committedOnly ? log.lastStable : log.high }));
  }

  /** Appends a batch; with `txn`, the records stay invisible to `read_committed` until it commits. */
  append(records: readonly OutgoingRecord[], txn?: EmbeddedTxn): RecordMetadata[] {
    if (txn) this.checkNotFenced(txn);
    const grouped = new Map<PartitionLog, AppendRecord[]>();
    const order: PartitionLog[] = [];
    const timestamp = this.now();
    for (const r of records) {
      if (!this.topics.has(r.topic)) {
        if (!this.autoCreate) throw new StreamlabError('KAFKA_UNKNOWN_TOPIC', `topic ${r.topic} does not exist`, { value: r.topic, hint: 'create it first' });
        this.createTopic({ topic: r.topic, partitions: this.defaultPartitions });
      }
      const t = this.topics.get(r.topic)!;
      if (upperBound(r) > t.maxMessageBytes) {
        const size = singleRecordBatchBytes(r);
        if (size > t.maxMessageBytes) throw recordTooLarge(r.topic, size, t.maxMessageBytes);
      }
      const key = toBuffer(r.key);
      const partition = r.partition ?? (key ? partitionForKey(key, t.partitions.length) : t.roundRobin++ % t.partitions.length);
      const log = this.partitionLog(r.topic, partition);
      let list = grouped.get(log);
      if (!list) {
        list = [];
        grouped.set(log, list);
        order.push(log);
      }
      list.push({ key, value: r.value ?? null, timestamp: r.timestamp ?? timestamp, headers: r.headers });
    }
    const out: RecordMetadata[] = [];
    for (const log of order) {
      let mark: TxnMark | undefined;
      if (txn) {
        mark = txn.marks.get(log) ?? { status: 'open', firstOffset: -1 };
        txn.marks.set(log, mark);
      }
      const baseOffset = log.append(grouped.get(log)!, mark);
      out.push({ topic: log.topic, partition: log.partition, baseOffset });
    }
    for (const topic of new Set(order.map((l) => l.topic))) this.events.emit(topic);
    return out;
  }

  /** Begins a transaction; a newer producer with the same id fences (and aborts) the older one. */
  beginTransaction(transactionalId: string, epoch: number): EmbeddedTxn {
    if ((this.epochs.get(transactionalId) ?? 0) !== epoch) throw fenced(transactionalId);
    if (this.open.has(transactionalId)) {
      throw new StreamlabError('KAFKA_TXN_IN_PROGRESS', `transaction ${transactionalId} is already open`, {
        value: transactionalId,
        hint: 'commit or abort it first',
      });
    }
    const txn: EmbeddedTxn = { transactionalId, epoch, marks: new Map(), offsets: [] };
    this.open.set(transactionalId, txn);
    return txn;
  }

  /** Registers a producer for `transactionalId`: aborts its open transaction and returns the new epoch. */
  initProducer(transactionalId: string): number {
    const previous = this.open.get(transactionalId);
    if (previous) this.finish(previous, 'aborted');
    const epoch = (this.epochs.get(transactionalId) ?? 0) + 1;
    this.epochs.set(transactionalId, epoch);
    return epoch;
  }

  endTransaction(txn: EmbeddedTxn, status: 'committed' | 'aborted'): void {
    this.checkNotFenced(txn);
    this.finish(txn, status);
  }

  commitGroupOffsets(groupId: string, offsets: readonly TopicPartitionOffset[]): void {
    let group = this.groups.get(groupId);
    if (!group) {
      group = new Map();
      this.groups.set(groupId, group);
    }
    for (const o of offsets) group.set(`${o.topic}\u0000${o.partition}`, o.offset);
  }

  groupOffsets(groupId: string, topics: readonly string[]): TopicPartitionOffset[] {
    const group = this.groups.get(groupId);
    if (!group) return [];
    const out: TopicPartitionOffset[] = [];
    for (const [k, offset] of group) {
      const [topic, partition] = k.split('\u0000') as [string, string];
      if (topics.includes(topic)) out.push({ topic, partition: Number(partition), offset });
    }
    return out.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  }

  /** Calls `listener` after every append to `topic` (and when it gains partitions). */
  onAppend(topic: string, listener: () => void): () => void {
    this.events.on(topic, listener);
    return () => this.events.off(topic, listener);
  }

  private finish(txn: EmbeddedTxn, status: 'committed' | 'aborted'): void {
    const timestamp = this.now();
    for (const [log, mark] of txn.marks) log.endTransaction(mark, status, timestamp);
    if (status === 'committed') for (const o of txn.offsets) this.commitGroupOffsets(o.groupId, o.offsets);
    this.open.delete(txn.transactionalId);
    for (const topic of new Set([...txn.marks.keys()].map((l) => l.topic))) this.events.emit(topic);
  }

  private checkNotFenced(txn: EmbeddedTxn): void {
    if (this.epochs.get(txn.transactionalId) !== txn.epoch || this.open.get(txn.transactionalId) !== txn) throw fenced(txn.transactionalId);
  }

  private topic(topic: string): Topic {
    const t = this.topics.get(topic);
    if (!t) throw new StreamlabError('KAFKA_UNKNOWN_TOPIC', `topic ${topic} does not exist`, { value: topic, hint: 'create it first (admin.createTopics)' });
    return t;
  }
}

let shared: EmbeddedBroker | undefined;

/**
 * The process-wide embedded broker, shared by every client created without a broker of its own.
 *
 * @example
 * createEmbeddedKafka(); // uses defaultEmbeddedBroker()
 */
export function defaultEmbeddedBroker(): EmbeddedBroker {
  shared ??= new EmbeddedBroker();
  return shared;
}

function retentionOf(configs: Record<string, string>): number | undefined {
  const raw = configs['retention.records'];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new StreamlabError('KAFKA_BAD_CONFIG', `retention.records must be a non-negative integer, got ${raw}`, { value: raw });
  return n;
}

/** At least `singleRecordBatchBytes(r)`, cheaply (no UTF-8 length of strings, no header walk when there are none). */
function upperBound(r: OutgoingRecord): number {
  const len = (v: Buffer | string | null | undefined) => (v == null ? 0 : typeof v === 'string' ? v.length * 3 : v.length);
  let n = 128 + len(r.key) + len(r.value);
  if (r.headers) for (const h of r.headers) n += 10 + h.key.length * 3 + len(h.value);
  return n;
}

function maxMessageBytesOf(configs: Record<string, string>): number {
  const raw = configs['max.message.bytes'];
  if (raw === undefined) return DEFAULT_MAX_MESSAGE_BYTES;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new StreamlabError('KAFKA_BAD_CONFIG', `max.message.bytes must be a non-negative integer, got ${raw}`, { value: raw });
  return n;
}

/** Kafka's MESSAGE_TOO_LARGE, which no retry can fix. */
export function recordTooLarge(topic: string, size: number, limit: number): StreamlabError {
  return new StreamlabError('KAFKA_RECORD_TOO_LARGE', `a record of ${size} bytes is over topic ${topic}'s max.message.bytes of ${limit}`, {
    value: { topic, size, limit },
    hint: `send smaller records, or raise the topic's max.message.bytes (e.g. createTopics([{ topic: '${topic}', configs: { 'max.message.bytes': '${size}' } }]))`,
    retriable: false,
  });
}

function toBuffer(v: Buffer | string | null | undefined): Buffer | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? Buffer.from(v) : v;
}

function fenced(transactionalId: string): StreamlabError {
  return new StreamlabError('KAFKA_PRODUCER_FENCED', `producer for transactional id ${transactionalId} was fenced by a newer one`, {
    value: transactionalId,
    hint: 'only one producer per transactional id may write; close this one',
  });
}
