/**
 * The Kafka port: StreamLab's own client interface, so that nothing outside this package depends
 * on kafkajs (unmaintained since 2023) and the same source, sink and app code run on a real
 * broker (`createKafkajsClient`) or on the in-process embedded broker (`createEmbeddedKafka`).
 *
 * Offsets are plain numbers (exact up to 2^53, far beyond any real partition) so they serialise to
 * checkpoints as JSON. Ranges are half-open: `[from, until)`.
 */

/** A record header. Kafka allows repeated keys, so headers are a list, as in Spark. */
export interface KafkaHeader {
  key: string;
  value: Buffer | null;
}

/** Spark's `timestampType`: 0 = CreateTime (set by the producer), 1 = LogAppendTime (set by the broker). */
export type TimestampType = 0 | 1;

/** A record as read from a partition. `key`/`value` are `null` when absent (a tombstone has a `null` value). */
export interface KafkaRecord {
  key: Buffer | null;
  value: Buffer | null;
  topic: string;
  partition: number;
  offset: number;
  /** Epoch milliseconds. */
  timestamp: number;
  timestampType: TimestampType;
  headers: KafkaHeader[];
}

/** A record to write. Without `partition`, a keyed record goes to murmur2(key) % partitions (Kafka's default). */
export interface OutgoingRecord {
  topic: string;
  key?: Buffer | string | null;
  value: Buffer | string | null;
  partition?: number;
  headers?: KafkaHeader[];
  /** Epoch ms; the broker's clock when absent. */
  timestamp?: number;
}

/** Where a written record landed. */
export interface RecordMetadata {
  topic: string;
  partition: number;
  /** Offset of the first record of this send that landed in this partition. */
  baseOffset: number;
}

export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface TopicPartitionOffset extends TopicPartition {
  offset: number;
}

/** The offsets of a partition: `low` is the first offset still stored, `high` the next offset to be written. */
export interface PartitionOffsets {
  partition: number;
  low: number;
  high: number;
}

export interface TopicSpec {
  topic: string;
  /** Default 1. */
  partitions?: number;
  /** Topic configs, Kafka's names (e.g. `retention.ms`, `cleanup.policy`). */
  configs?: Record<string, string>;
}

export interface KafkaAdmin {
  /** Creates the topics that do not exist yet (existing ones are left as they are) and waits for their leaders. */
  createTopics(topics: readonly TopicSpec[]): Promise<void>;
  listTopics(): Promise<string[]>;
  /**
   * The configs of `topic` in effect (its own and the broker defaults it inherits), Kafka's names,
   * e.g. `max.message.bytes`. Throws `KAFKA_UNKNOWN_TOPIC` when it does not exist.
   */
  topicConfigs(topic: string): Promise<Record<string, string>>;
  deleteTopics(topics: readonly string[]): Promise<void>;
  /** Grows `topic` to `count` partitions in total. */
  createPartitions(topic: string, count: number): Promise<void>;
  /** Partition ids of `topic`, ascending. Throws `KAFKA_UNKNOWN_TOPIC` when it does not exist. */
  partitions(topic: string): Promise<number[]>;
  /**
   * Low and high offsets of every partition of `topic`. Under `read_committed`, `high` is the
   * last stable offset (records of open transactions are not counted as available yet).
   */
  topicOffsets(topic: string, isolationLevel?: IsolationLevel): Promise<PartitionOffsets[]>;
  /** Committed offsets of a consumer group (partitions without a commit are left out). */
  groupOffsets(groupId: string, topics: readonly string[]): Promise<TopicPartitionOffset[]>;
  /** Commits offsets for a group that has no active members (how a source shows its lag). */
  commitGroupOffsets(groupId: string, offsets: readonly TopicPartitionOffset[]): Promise<void>;
  /** Deletes the records of a partition below `beforeOffset` (as retention does). */
  deleteRecords(topic: string, partition: number, beforeOffset: number): Promise<void>;
  /**
   * Optional: the members of a group joined with `joinGroup` and what each is assigned now
   * (empty while it rebalances or when nobody is in it), from any process.
   */
  describeGroup?(groupId: string): Promise<GroupMemberInfo[]>;
}

/** A member of a group as `describeGroup` shows it. */
export interface GroupMemberInfo {
  memberId: string;
  /** The `memberName` it joined with ('' when none). */
  name: string;
  partitions: TopicPartition[];
}

export interface ProducerOptions {
  /**
   * Idempotent producer: a retried request cannot append a record twice. Default false (kafkajs's
   * default; the Java client defaults to true). Implied by `transactionalId`.
   */
  idempotent?: boolean;
  /** Enables transactions; one id per logical writer (a new producer with the same id fences the old one). */
  transactionalId?: string;
  /** Default 60 000. */
  transactionTimeoutMs?: number;
  /** 1 for strict ordering; forced to 1 with transactions. */
  maxInFlightRequests?: number;
}

export interface KafkaTransaction {
  /** As `KafkaProducer.send`; every send must have settled before `commit` or `abort`. */
  send(records: readonly OutgoingRecord[]): Promise<RecordMetadata[]>;
  /** Commits a consumer group's offsets as part of this transaction. */
  sendOffsets(groupId: string, offsets: readonly TopicPartitionOffset[]): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export interface KafkaProducer {
  /**
   * Connects (optional: the first send connects). For a transactional producer this registers its
   * transactional id: older producers with the same id are fenced and their pending transaction
   * is completed or aborted before this resolves.
   */
  connect(): Promise<void>;
  /**
   * Sends a batch (one request per broker), resolving once every record is acknowledged; its
   * records keep their order within each partition. Sends may be in flight together, but then
   * nothing orders them, not even within a partition (kafkajs's idempotent producer lets a later
   * request take the sequence numbers of a failed one before its retry): a caller that needs a
   * partition's order keeps one send per partition in flight (the Kafka sink sends one at a time).
   */
  send(records: readonly OutgoingRecord[]): Promise<RecordMetadata[]>;
  /** Begins a transaction (needs `transactionalId`). */
  transaction(): Promise<KafkaTransaction>;
  close(): Promise<void>;
}

export type IsolationLevel = 'read_committed' | 'read_uncommitted';

/** An exact range of one partition: offsets `[from, until)`. */
export interface PartitionRange extends TopicPartition {
  from: number;
  until: number;
}

export interface ReaderOptions {
  /** Default `read_uncommitted`. With `read_committed`, only committed transactional records are returned. */
  isolationLevel?: IsolationLevel;
}

/**
 * Reads exact offset ranges, without a consumer group: what a replayable source needs (reading
 * the same range again gives the same records). Control records and, under `read_committed`,
 * aborted records occupy offsets but are not returned.
 */
export interface KafkaReader {
  /**
   * The records of each range, in offset order, one array per range. Throws
   * `KAFKA_OFFSET_OUT_OF_RANGE` (with the partition's current low offset in `value`) when records
   * of the range no longer exist.
   */
  read(ranges: readonly PartitionRange[]): Promise<KafkaRecord[][]>;
  close(): Promise<void>;
}

/**
 * Internal fast path (not exported from the package): receives the records of a range straight
 * from a reader's storage, in offset order, without a record object for each.
 */
export interface RecordVisitor {
  /** A record's value is `bytes[start, end)` (shared storage: read it, do not keep it); return false to get the whole record through `record`. */
  value(bytes: Buffer, start: number, end: number): boolean;
  /** The whole record (a null value, or when `value` returned false). */
  record(record: KafkaRecord): void;
}

/** Internal: a `KafkaReader` that can `scan` (the embedded broker's and the kafkajs adapter's). */
export interface ScanningReader extends KafkaReader {
  /**
   * Visits exactly the records `read(ranges)` would return, in offset order per range, `begin`
   * before each run of one range's records (runs of different ranges may interleave). Throws as
   * `read` does (`KAFKA_OFFSET_OUT_OF_RANGE`); records visited before a throw must be discarded.
   */
  scan(ranges: readonly PartitionRange[], visitor: RecordVisitor & { begin(range: PartitionRange): void }): Promise<void>;
  /**
   * Optional read-ahead of a scan: fetches the ranges now and keeps what came, per range (opaque),
   * so that `replay` can visit it later exactly as `scan` would have. Throws as `scan` does.
   */
  collect?(ranges: readonly PartitionRange[]): Promise<unknown[]>;
  /** Visits `collected` (one range's part of a `collect`) as a scan of `range` would; `range` starts where that range started and ends at or before where it ended. */
  replay?(collected: unknown, range: PartitionRange, visitor: RecordVisitor & { begin(range: PartitionRange): void }): void;
}

/**
 * What a group member is told on every (re)assignment: its whole assignment in that generation.
 * Partitions it held before and does not hold now are revoked (the group's rebalances are eager:
 * a revocation is known when the next assignment arrives).
 */
export interface GroupAssignment {
  memberId: string;
  /** Increases with every rebalance of the group. */
  generation: number;
  /** Ascending by topic, then partition. */
  partitions: TopicPartition[];
}

export interface JoinGroupOptions {
  /** The topics whose partitions the group assigns. */
  topics: readonly string[];
  /**
   * Called with every assignment, in order, never concurrently with itself (the next call waits
   * until the promise of the previous one settles). A call that throws is logged and ignored.
   */
  onAssigned(assignment: GroupAssignment): Promise<void> | void;
  /** A member silent this long is removed and its partitions reassigned. Default 10 000 (Kafka's minimum: 6 000). */
  sessionTimeoutMs?: number;
  /** Default 1 000. */
  heartbeatIntervalMs?: number;
  /** Shown by `admin.describeGroup` (e.g. `host-pid`), so tools can tell the members apart. */
  memberName?: string;
}

/**
 * Membership of a consumer group used only to have Kafka assign partitions (Kafka Streams' use of
 * the group protocol): the member never fetches through the group and never commits offsets
 * itself. Partition `p` of every subscribed topic goes to the same member ("task" `p`), and
 * members keep what they owned where balance allows (a sticky assignor), so little state moves.
 */
export interface GroupMember {
  readonly groupId: string;
  /** The member id of the current generation ('' before the first assignment). */
  readonly memberId: string;
  /** The last assignment received (empty before the first). */
  readonly assignment: readonly TopicPartition[];
  /** Leaves the group (its partitions are reassigned at once); idempotent. */
  leave(): Promise<void>;
}

/** A Kafka client: one of these per application, closed at the end. */
export interface KafkaClient {
  /** `kafka` (a real broker through kafkajs) or `embedded` (in-process). */
  readonly kind: 'kafka' | 'embedded';
  /** Shown in descriptions and logs, e.g. `127.0.0.1:9092` or `embedded`. */
  readonly bootstrap: string;
  readonly admin: KafkaAdmin;
  producer(opts?: ProducerOptions): KafkaProducer;
  reader(opts?: ReaderOptions): KafkaReader;
  /**
   * Calls `listener` when records may have been appended to `topic` (the embedded broker pushes;
   * a real broker is not watched and returns a no-op unsubscribe). Returns the unsubscribe function.
   */
  onAppend(topic: string, listener: () => void): () => void;
  /**
   * Joins consumer group `groupId` for partition assignment only (see `GroupMember`); resolves once
   * the member is registered (its first assignment arrives through `onAssigned`). Optional: the
   * IPC client has none.
   *
   * @example
   * const member = await kafka.joinGroup!('fraud', { topics: ['tx'], onAssigned: (a) => console.log(a.partitions) });
   * await member.leave();
   */
  joinGroup?(groupId: string, opts: JoinGroupOptions): Promise<GroupMember>;
  /** Closes every producer and reader this client opened. */
  close(): Promise<void>;
}
