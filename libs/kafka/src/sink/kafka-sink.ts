/**
 * `kafkaSink`: writes each batch's rows to Kafka.
 * - `at-least-once` (default, as Spark's Kafka sink): an idempotent producer; a batch replayed after
 *   a crash is written again, so consumers may see duplicates.
 * - `exactly-once` (extension): one Kafka transaction per batch, holding the batch's records and
 *   the batch id (committed as a consumer-group offset in the same transaction). A replayed batch
 *   whose transaction committed is skipped; one that did not is aborted by the restarted producer
 *   and written again. `read_committed` consumers see every result exactly once. The dead letters
 *   of the query's Kafka sources on the same cluster ride in the same transaction (see
 *   `dead-letter-outbox.ts`).
 *
 * Produce requests of a batch (`send-plan.ts`, `send-requests.ts`): up to `kafka.batch.size` bytes
 * of each partition per request (default 32 KiB), one request after the other. The rules:
 * - Order: a partition's rows are written in the order of the batch's rows, so the rows of one key
 *   stay in order (a key always goes to one partition: Kafka's murmur2 of the key, as kafkajs and
 *   the Java client compute it). Rows of different partitions have no order in Kafka.
 * - Completion: a batch is complete, and `addBatch` resolves (after which the query commits it),
 *   only when every request of it is acknowledged (`acks=all`): the commit of batch N follows the
 *   acknowledgements of batch N, and the sends do not overlap the next batch.
 * - Failure: a failed request (after the client's own retries, which the idempotent producer makes
 *   safe) fails the batch with KAFKA_SINK_SEND_FAILED and sends nothing more of it; the query fails
 *   and, restarted, writes the batch again (at least once); exactly-once aborts the transaction and
 *   retries it. In a transaction every request is acknowledged before the commit.
 * Several requests in flight, as the Java producer keeps (`max.in.flight.requests.per.connection`,
 * 5), were built, measured and removed: kafkajs's idempotent producer sends one request per broker
 * at a time (a lock per broker) and, when a request fails, lets a later request of the same
 * partition take its sequence numbers before its retry (reordering the partition, or losing the
 * later request as a duplicate), so they could only be queued on disjoint partitions, and queued
 * they cost CPU and gained no time (BENCHMARKS.md, peers: "The Kafka sink's produce requests").
 */
import { setTimeout as delay } from 'node:timers/promises';
import { StreamlabError, type BatchInfo, type Logger, type Sink, type SinkContext } from '@streamlab/core';
import { z } from 'zod';
import { createKafkaClient } from '../client.js';
import { silentLogger } from '../logging.js';
import type { KafkaClient, KafkaProducer, OutgoingRecord } from '../port.js';
import { isNonRetriableKafkaError } from '../retriable.js';
import { closeDeadLetterOutbox, openDeadLetterOutbox, type DeadLetterOutbox } from '../source/dead-letter-outbox.js';
import { PartitionCache } from '../kafkajs/partition-cache.js';
import { planRequests } from './send-plan.js';
import { sendRequests } from './send-requests.js';
import { toOutgoing, type SinkRecord } from './sink-record.js';

/** The topic holding the batch-id offsets of exactly-once sinks (one partition, never written to). */
export const SINK_BATCHES_TOPIC = 'streamlab-sink-batches';

export interface KafkaSinkOptions<T> {
  'kafka.bootstrap.servers'?: string;
  client?: KafkaClient;
  /** Topic for rows without a `topic` field. */
  topic?: string;
  /** Default `at-least-once`. */
  guarantee?: 'at-least-once' | 'exactly-once';
  /** Partitions of topics the sink creates. Default 1. */
  newTopicPartitions?: number;
  /**
   * Transactional id (exactly-once); default `streamlab-<query name or id>-<topic>-sink`. Stable
   * across restarts, and unique per output topic, so two applications on one broker whose queries
   * share a name (two use cases' `alerts-to-kafka`) do not fence each other's producer.
   */
  transactionalId?: string;
  /** Maps a row to a record; default: the row itself has Spark's columns (`value`, optional `key`, `topic`, `headers`, `partition`). */
  toRecord?: (row: T) => SinkRecord;
  /** Attempts per batch in exactly-once mode before the batch fails. Default 5. */
  maxAttempts?: number;
  /**
   * Bytes (estimated) of one partition's rows in one produce request (the Java producer's
   * `batch.size`, as Spark passes `kafka.`-prefixed options to its producer). Default 32,768 (the
   * Java producer's is 16,384): 32 KiB cost the least on the peers bench's dedup output when
   * kafkajs's grouping was quadratic (BENCHMARKS.md, peers); with the linear grouping
   * (`kafkajs/kafkajs.ts`), 256 KiB and 1 MiB measured no faster (1-run A/B, 3M records).
   */
  'kafka.batch.size'?: number;
}

const Options = z.object({
  topic: z.string().min(1).optional(),
  guarantee: z.enum(['at-least-once', 'exactly-once']).default('at-least-once'),
  newTopicPartitions: z.number().int().positive().default(1),
  transactionalId: z.string().min(1).optional(),
  maxAttempts: z.number().int().positive().default(5),
  'kafka.batch.size': z
    .number()
    .int()
    .positive()
    .default(32 * 1024),
});

/** How long the sink trusts a topic's partition count (keyed rows are placed by it). */
const PARTITIONS_TTL_MS = 10_000;

/**
 * A Kafka sink for a streaming query.
 *
 * @example
 * query.writeStream(kafkaSink({ topic: 'alerts', guarantee: 'exactly-once', toRecord: (a) => ({ key: a.cardId, value: a }) }));
 */
export function kafkaSink<T>(opts: KafkaSinkOptions<T>): KafkaSink<T> {
  return new KafkaSink(opts);
}

export class KafkaSink<T> implements Sink<T> {
  readonly description: string;
  private readonly opts: z.infer<typeof Options>;
  private readonly client: KafkaClient;
  private readonly ownsClient: boolean;
  private readonly toRecord: (row: T) => SinkRecord;
  private logger: Logger = silentLogger;
  private producer: KafkaProducer | undefined;
  private transactionalId = '';
  private lastCommittedBatch = -1;
  private readonly knownTopics = new Set<string>();
  /** Partition ids per topic written to (none known: the topic's rows are partitioned by the client). */
  private readonly partitions: PartitionCache;
  /** Where the next unkeyed row without a partition goes. */
  private readonly roundRobin = { next: 0 };
  /** Exactly-once: the dead letters of this query's Kafka sources, sent in each batch's transaction. */
  private outbox: DeadLetterOutbox | undefined;
  private queryId = '';
  /** Replayed batches skipped because they were already committed (exactly-once). */
  skippedBatches = 0;

  constructor(opts: KafkaSinkOptions<T>) {
    const parsed = Options.safeParse(opts);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new StreamlabError('KAFKA_BAD_SINK_OPTION', `kafkaSink option ${String(issue.path[0])}: ${issue.message}`, {
        value: (opts as Record<string, unknown>)[String(issue.path[0])],
        hint: 'see the kafkaSink options in @streamlab/kafka',
      });
    }
    this.opts = parsed.data;
    this.ownsClient = opts.client === undefined;
    const servers = opts['kafka.bootstrap.servers'];
    this.client = opts.client ?? createKafkaClient(servers !== undefined ? { brokers: servers } : {});
    this.toRecord = opts.toRecord ?? ((row) => row as unknown as SinkRecord);
    this.partitions = new PartitionCache((topic) => this.client.admin.partitions(topic).catch(() => []), Date.now, PARTITIONS_TTL_MS);
    this.description = `KafkaSink[${this.opts.topic ?? 'topic per row'}, ${this.opts.guarantee}]`;
  }

  async open(ctx: SinkContext): Promise<void> {
    this.logger = ctx.logger.child({ sink: this.description });
    this.transactionalId = this.opts.transactionalId ?? defaultTransactionalId(ctx.queryName ?? ctx.queryId, this.opts.topic);
    if (this.opts.guarantee === 'exactly-once') {
      this.queryId = ctx.queryId;
      this.outbox = openDeadLetterOutbox(ctx.queryId, this.client);
      await this.client.admin.createTopics([{ topic: SINK_BATCHES_TOPIC, partitions: 1 }]);
      await this.freshProducer();
      const [marker] = await this.client.admin.groupOffsets(this.transactionalId, [SINK_BATCHES_TOPIC]);
      this.lastCommittedBatch = marker ? marker.offset - 1 : -1;
      this.logger.info({ transactionalId: this.transactionalId, lastCommittedBatch: this.lastCommittedBatch }, 'exactly-once Kafka sink ready');
    } else {
      this.producer = this.client.producer({ idempotent: true });
    }
  }

  async addBatch(rows: readonly T[], info: BatchInfo): Promise<void> {
    const records: OutgoingRecord[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) records[i] = toOutgoing(this.toRecord(rows[i]!), this.opts.topic);
    await this.ensureTopics(records);
    if (this.opts.guarantee === 'at-least-once') {
      this.producer ??= this.client.producer({ idempotent: true });
      const producer = this.producer;
      if (records.length > 0) await sendRequests(await this.plan(records), (request) => producer.send(request), `batch ${info.batchId}`);
      return;
    }
    // The sources' dead letters of this batch (read again when it is replayed).
    const deadLetters = this.outbox?.take() ?? [];
    if (info.batchId <= this.lastCommittedBatch) {
      // Its transaction committed these dead letters too.
      this.skippedBatches++;
      this.logger.info({ batchId: info.batchId, lastCommittedBatch: this.lastCommittedBatch }, 'batch already committed to Kafka: skipping its replay');
      return;
    }
    await this.commitInTransaction(await this.plan(deadLetters.length > 0 ? records.concat(deadLetters) : records), info.batchId);
  }

  async close(): Promise<void> {
    if (this.outbox) closeDeadLetterOutbox(this.queryId, this.outbox);
    this.outbox = undefined;
    await this.producer?.close();
    this.producer = undefined;
    if (this.ownsClient) await this.client.close();
  }

  private async commitInTransaction(requests: OutgoingRecord[][], batchId: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        if (!this.producer) await this.freshProducer();
        const txn = await this.producer!.transaction();
        try {
          await sendRequests(requests, (request) => txn.send(request), `batch ${batchId}`);
          await txn.sendOffsets(this.transactionalId, [{ topic: SINK_BATCHES_TOPIC, partition: 0, offset: batchId + 1 }]);
          await txn.commit();
        } catch (err) {
          await txn.abort().catch(() => undefined);
          throw err;
        }
        this.lastCommittedBatch = batchId;
        return;
      } catch (err) {
        // A fenced producer, a record too large, an invalid record: the same transaction fails again.
        if (isNonRetriableKafkaError(err) || attempt >= this.opts.maxAttempts) throw err;
        this.logger.warn({ err, batchId, attempt }, 'Kafka transaction failed; retrying the batch with a fresh producer');
        // kafkajs leaves a producer in an error state after some failures: start over with a new one.
        await this.producer?.close().catch(() => undefined);
        this.producer = undefined;
        await delay(Math.min(5000, 100 * 2 ** attempt));
      }
    }
  }

  /** A new transactional producer: fences older ones with the same id and settles their open transaction. */
  private async freshProducer(): Promise<void> {
    this.producer = this.client.producer({ transactionalId: this.transactionalId, idempotent: true, maxInFlightRequests: 1 });
    await this.producer.connect();
  }

  private async ensureTopics(records: OutgoingRecord[]): Promise<void> {
    const missing = new Set<string>();
    for (const r of records) if (!this.knownTopics.has(r.topic)) missing.add(r.topic);
    if (missing.size === 0) return;
    await this.client.admin.createTopics([...missing].map((topic) => ({ topic, partitions: this.opts.newTopicPartitions })));
    this.partitions.forget(missing);
    missing.forEach((t) => this.knownTopics.add(t));
  }

  /** The batch's produce requests, in the order to send them (`send-plan.ts`). */
  private async plan(records: OutgoingRecord[]): Promise<OutgoingRecord[][]> {
    const counts = new Map<string, number>();
    for (const r of records) if (!counts.has(r.topic)) counts.set(r.topic, 0);
    for (const topic of counts.keys()) counts.set(topic, (await this.partitions.get(topic)).length);
    return planRequests(records, {
      batchBytes: this.opts['kafka.batch.size'],
      partitionCount: (topic) => counts.get(topic) ?? 0,
      roundRobin: this.roundRobin,
    });
  }
}

/**
 * The default transactional id of an exactly-once sink: the query and its output topic (a sink
 * routing rows by their `topic` field has none).
 *
 * @example
 * defaultTransactionalId('alerts-to-kafka', 'fraud.alerts'); // 'streamlab-alerts-to-kafka-fraud.alerts-sink'
 */
export function defaultTransactionalId(query: string, topic: string | undefined): string {
  return topic === undefined ? `streamlab-${query}-sink` : `streamlab-${query}-${topic}-sink`;
}
