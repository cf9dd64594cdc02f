/**
 * `kafkaSource`: a replayable Kafka source (Spark's KafkaMicroBatchStream). Offsets live in the
 * query's checkpoint, not in auto-commit: each batch reads exactly the offset range recorded for
 * it, so a replayed batch reads the same records. Consumed offsets are also committed to a
 * consumer group named after the query, so standard Kafka tools show the lag.
 */
import { type BacklogShare, StreamlabError, toEpochMs, type Logger, type Offset, type ReadLimit, type Source, type SourceContext } from '@streamlab/core';
import { createKafkaClient } from '../client.js';
import { silentLogger } from '../logging.js';
import type { KafkaClient, KafkaReader, KafkaRecord, PartitionOffsets, PartitionRange, ScanningReader } from '../port.js';
import { BatchDecoder } from './batch-decoder.js';
import { bytesDecoderOf, type Decoder } from './decode.js';
import { DeadLetterWriter } from './dead-letter.js';
import { deadLetterOutboxFor } from './dead-letter-outbox.js';
import { GroupCommitter } from './group-commit.js';
import type { BytesDecoder } from './json-fast-path.js';
import { backlogOf, behindLatest, entries, getOffset, rateLimit, setOffset, type PartitionOffsetMap } from './offsets.js';
import { PartitionEventTimes } from './partition-event-time.js';
import { PrefetchingReader, readAheadRanges, ScanPrefetch } from './prefetch.js';
import { concat, rawRows, type KafkaRow } from './raw-rows.js';
import { resolveStartingOffsets } from './starting-offsets.js';
import { describeSubscription, parseSourceOptions, partitioningOf, type KafkaSourceOptions, type SourceConfig } from './source-options.js';

/** At most this many records are read ahead. */
const PREFETCH_MAX = 200_000;

export type { KafkaRow } from './raw-rows.js';

/** The row type a decoder gives. The overload infers it from `decode` alone, so `eventTimeField` cannot widen it. */
type DecodedRow<D> = D extends Decoder<infer T> ? T : never;

/**
 * A Kafka source for a streaming query.
 *
 * @example
 * const tx = kafkaSource({ subscribe: 'transactions', startingOffsets: 'earliest', decode: decodeJson(Tx) });
 * // readStream(tx)... (rows are z.infer<typeof Tx>; bad records go to 'transactions-dlq')
 */
// biome-ignore lint/suspicious/noExplicitAny: `any` lets inference take D from `decode` alone (with `unknown` it widens)
export function kafkaSource<D extends Decoder<any>>(opts: KafkaSourceOptions<DecodedRow<D>> & { decode: D }): KafkaSource<DecodedRow<D>>;
export function kafkaSource(opts: KafkaSourceOptions<KafkaRow> & { decode?: undefined }): KafkaSource<KafkaRow>;
export function kafkaSource<T>(opts: KafkaSourceOptions<T>): KafkaSource<T | KafkaRow> {
  return new KafkaSource<T | KafkaRow>(opts as KafkaSourceOptions<T | KafkaRow>);
}

export class KafkaSource<T> implements Source<T> {
  readonly description: string;
  /** The columns its rows are partitioned by (option `partitionedBy`; `['key']` for raw records). */
  readonly partitioning: readonly string[] | undefined;
  /** Records the next read-ahead fetches: the last batch's share of the read limit (default `maxOffsetsPerTrigger`). */
  private readAheadBudget: number | undefined;
  private readonly config: SourceConfig;
  private readonly client: KafkaClient;
  private readonly ownsClient: boolean;
  private readonly decode: Decoder<T> | undefined;
  /** The decoder's byte fast path; with a reader that can scan (both adapters), rows are decoded straight from the fetched bytes. */
  private readonly fast: BytesDecoder<T> | undefined;
  private logger: Logger = silentLogger;
  private groupId: string;
  private queryId: string | undefined;
  private initial: PartitionOffsetMap | undefined;
  private latest: PartitionOffsetMap = {};
  /** Log start offsets seen by the last `latestOffset` (to detect data loss before using a prefetch). */
  private lows: PartitionOffsetMap = {};
  private deadLetters: DeadLetterWriter;
  private readonly reader: KafkaReader;
  private readonly prefetcher: PrefetchingReader;
  /** The read-ahead of the fused scan path, when the reader can collect and replay. */
  private readonly scanPrefetcher: ScanPrefetch | undefined;
  private counters = { invalidRows: 0, invalidRowsTotal: 0, dataLossRecords: 0 };
  private readonly eventTime: ((row: T) => number) | undefined;
  private readonly eventTimeField: string | undefined;
  private readonly eventTimes = new PartitionEventTimes();
  /** Consumed offsets to the consumer group, in the background (lag visibility only). */
  private readonly group = new GroupCommitter(
    (offsets) => this.client.admin.commitGroupOffsets(this.groupId, offsets),
    // The checkpoint is the source of truth, so this never fails the query.
    (err) => this.logger.warn({ err, groupId: this.groupId }, 'could not commit consumed offsets to the consumer group'),
  );

  constructor(opts: KafkaSourceOptions<T>) {
    this.config = parseSourceOptions(opts as KafkaSourceOptions<unknown>);
    this.description = describeSubscription(this.config.subscription);
    this.ownsClient = opts.client === undefined;
    const servers = opts['kafka.bootstrap.servers'];
    this.client = opts.client ?? createKafkaClient(servers !== undefined ? { brokers: servers } : {});
    this.decode = opts.decode;
    this.partitioning = partitioningOf(opts.partitionedBy, opts.decode !== undefined);
    this.fast = bytesDecoderOf(opts.decode);
    const field = opts.eventTimeField;
    this.eventTimeField = field;
    this.eventTime = field === undefined ? undefined : (row: T) => toEpochMs((row as Record<string, unknown>)[field]);
    this.groupId = this.config.groupId ?? 'streamlab-source';
    this.deadLetters = new DeadLetterWriter(this.client, this.logger);
    this.reader = this.client.reader({ isolationLevel: this.config.isolationLevel });
    this.prefetcher = new PrefetchingReader(this.reader);
    const collecting = this.reader as Partial<ScanningReader>;
    this.scanPrefetcher =
      typeof collecting.scan === 'function' && typeof collecting.collect === 'function' && typeof collecting.replay === 'function'
        ? new ScanPrefetch(collecting as ScanningReader & Required<Pick<ScanningReader, 'collect' | 'replay'>>)
        : undefined;
  }

  start(ctx: SourceContext): void {
    this.logger = ctx.logger.child({ source: this.description });
    this.groupId = this.config.groupId ?? `streamlab-${ctx.queryName ?? ctx.queryId}`;
    this.queryId = ctx.queryId;
    this.deadLetters = new DeadLetterWriter(this.client, this.logger);
  }

  /**
   * Resolves `startingOffsets` (`earliest`, `latest`, JSON with -2/-1) to concrete offsets, once;
   * the engine records the answer in the checkpoint (`sources/<i>/0`, as Spark does) before the
   * first batch, so a restart before the first commit starts from the same offsets.
   */
  async initialOffset(): Promise<Offset> {
    this.initial ??= resolveStartingOffsets(this.config.startingOffsets, await this.partitionOffsets());
    return this.initial;
  }

  /** The offsets `initialOffset()` resolved when the query first ran (from the checkpoint). */
  restoreInitialOffset(offset: Offset): void {
    this.initial = offset as PartitionOffsetMap;
  }

  async latestOffset(start: Offset | null, limit: ReadLimit, share?: BacklogShare): Promise<Offset | null> {
    this.counters.invalidRows = 0; // per batch: a batch that reads nothing reports none
    const available = await this.partitionOffsets();
    this.latest = {};
    this.lows = {};
    for (const [topic, parts] of available) {
      for (const p of parts) {
        setOffset(this.latest, topic, p.partition, p.high);
        setOffset(this.lows, topic, p.partition, p.low);
      }
    }
    const base = (start as PartitionOffsetMap | null) ?? (this.initial ??= resolveStartingOffsets(this.config.startingOffsets, available));
    let end: PartitionOffsetMap = {};
    for (const [topic, partition, high] of entries(this.latest)) {
      // A partition the query has not read yet (new, or new topic) starts at its beginning (Spark: earliest).
      const from = getOffset(base, topic, partition) ?? 0;
      setOffset(end, topic, partition, Math.max(from, high));
    }
    const max = Math.min(this.config.maxOffsetsPerTrigger ?? Infinity, limit.kind === 'maxRows' ? limit.maxRows : Infinity);
    // In a parallel query's worker the limit is split over every worker's backlog (`share`), so each
    // partition gets the share it would get in one query over all partitions (Spark's prorate).
    if (Number.isFinite(max)) {
      const own = backlogOf(base, end);
      const total = share ? await share(own) : own;
      end = rateLimit(base, end, max, total);
      // A parallel query's worker reads its share of the limit: so does its read-ahead (a read-ahead
      // of the whole limit would fetch twice what its next batch reads, and drop the rest).
      this.readAheadBudget = total > max && own < total ? Math.max(1, Math.ceil((max * own) / total)) : max;
    }
    const moved = [...entries(end)].some(([t, p, o]) => o !== (getOffset(base, t, p) ?? 0));
    if (!moved) return start === null ? null : start;
    return end;
  }

  async getBatch(start: Offset | null, end: Offset): Promise<readonly T[]> {
    const from = (start as PartitionOffsetMap | null) ?? (this.initial ??= resolveStartingOffsets(this.config.startingOffsets, await this.partitionOffsets()));
    const ranges: PartitionRange[] = [];
    for (const [topic, partition, until] of entries(end as PartitionOffsetMap)) {
      const begin = getOffset(from, topic, partition) ?? 0;
      if (until < begin) this.dataLoss(`${topic}-${partition} went back from offset ${begin} to ${until} (topic deleted and re-created?)`, 0);
      else if (until > begin) ranges.push({ topic, partition, from: begin, until });
    }
    for (const [topic, partition, offset] of entries(from)) {
      if (getOffset(end as PartitionOffsetMap, topic, partition) === undefined)
        this.dataLoss(`${topic}-${partition} (at offset ${offset}) no longer exists`, 0);
    }
    const scanner = this.reader as Partial<ScanningReader>;
    const decode = this.decode;
    if (decode && this.fast && typeof scanner.scan === 'function') {
      // Fused scan + decode: values are decoded from the fetched bytes, no record object per record.
      const prefetched = this.scanPrefetcher;
      const scan = async (rs: PartitionRange[]) => {
        const batch = this.batchDecoder(decode);
        rs.forEach((r) => batch.begin(r)); // rows in range order, however the scan interleaves partitions
        if (prefetched) await prefetched.scan(rs, batch);
        else await scanner.scan!(rs, batch);
        return batch;
      };
      const rows = this.finishBatch(await this.read(ranges, scan, () => this.batchDecoder(decode)));
      this.prefetchAfter(end as PartitionOffsetMap);
      return rows;
    }
    const records = concat(
      await this.read(
        ranges,
        (rs) => this.prefetcher.read(rs),
        () => [],
      ),
    );
    this.prefetchAfter(end as PartitionOffsetMap);
    return this.toRows(records);
  }

  /**
   * Commits the batch's end offsets to the consumer group without waiting for the broker (one round
   * trip per batch less in end-to-end latency); `stop()` waits for the last commit.
   */
  commit(end: Offset): void {
    if (this.config.commitGroupOffsets) this.group.commit(end as PartitionOffsetMap);
  }

  metrics(latest: Offset | null): Record<string, string | number> {
    return {
      ...behindLatest(this.latest, latest as PartitionOffsetMap | null),
      numInvalidRows: this.counters.invalidRows,
      numInvalidRowsTotal: this.counters.invalidRowsTotal,
      dataLossRecords: this.counters.dataLossRecords,
      ...this.eventTimes.metrics(),
    };
  }

  /**
   * The latest offsets available at the last `latestOffset` call, before `maxOffsetsPerTrigger`
   * (Spark's `reportLatestOffset`, shown as `sources[].latestOffset` in progress).
   */
  reportLatestOffset(): Offset {
    return this.latest;
  }

  /** Extension: the highest event time seen per partition (`topic-partition` -> epoch ms); needs `eventTimeField`. */
  partitionEventTimes(): Record<string, number> {
    return this.eventTimes.snapshot();
  }

  /**
   * Extension (the engine's `withWatermark(field, delay, { perPartition: true })`): the highest
   * event time per partition (`topic-partition` -> epoch ms) among the rows of the last batch.
   */
  batchPartitionEventTimes(field: string): Record<string, number> {
    if (field !== this.eventTimeField) {
      throw new StreamlabError(
        'KAFKA_EVENT_TIME_FIELD',
        `per-partition watermark on "${field}", but the Kafka source tracks ${this.eventTimeField === undefined ? 'no event-time field' : `"${this.eventTimeField}"`}`,
        {
          value: field,
          hint: `pass eventTimeField: '${field}' to kafkaSource so it tracks event time per partition`,
        },
      );
    }
    return this.eventTimes.batchSnapshot();
  }

  /** Extension: the per-partition watermark (slowest partition's max event time - `delayMs`); needs `eventTimeField`. */
  partitionWatermark(delayMs: number): number | undefined {
    return this.eventTimes.watermark(delayMs);
  }

  onData(listener: () => void): () => void {
    const topics =
      this.config.subscription.kind === 'subscribe'
        ? this.config.subscription.topics
        : this.config.subscription.kind === 'assign'
          ? Object.keys(this.config.subscription.partitions)
          : [];
    const offs = topics.map((t) => this.client.onAppend(t, listener));
    return () => offs.forEach((off) => off());
  }

  async stop(): Promise<void> {
    await this.group.flush();
    this.clearReadAhead();
    await this.reader.close();
    await this.deadLetters.close();
    if (this.ownsClient) await this.client.close();
  }

  /** Low/high offsets of every partition the subscription covers now (topics that do not exist yet are left out). */
  private async partitionOffsets(): Promise<Map<string, PartitionOffsets[]>> {
    const s = this.config.subscription;
    const shard = this.config.shard;
    const topics =
      s.kind === 'subscribe'
        ? s.topics
        : s.kind === 'assign'
          ? Object.keys(s.partitions)
          : (await this.client.admin.listTopics()).filter((t) => !t.startsWith('__') && s.pattern.test(t));
    const out = new Map<string, PartitionOffsets[]>();
    await Promise.all(
      topics.map(async (topic) => {
        try {
          let parts = await this.client.admin.topicOffsets(topic, this.config.isolationLevel);
          if (s.kind === 'assign') parts = parts.filter((p) => s.partitions[topic]!.includes(p.partition));
          if (shard) parts = parts.filter((p) => p.partition % shard.count === shard.index);
          out.set(topic, parts);
        } catch (err) {
          if ((err as StreamlabError).code !== 'KAFKA_UNKNOWN_TOPIC') throw err;
        }
      }),
    );
    return out;
  }

  /**
   * Reads the ranges with `fetch` (the prefetching reader, or a scan); records lost to retention
   * fail the query or are skipped and counted (`failOnDataLoss`). What a failed `fetch` delivered
   * is discarded: the retry reads the adjusted ranges into a new result.
   */
  private async read<R>(ranges: PartitionRange[], fetch: (ranges: PartitionRange[]) => Promise<R>, empty: () => R): Promise<R> {
    if (ranges.length === 0) return empty();
    // Records known to be deleted must be reported, even if a prefetch still holds them.
    if (ranges.some((r) => (getOffset(this.lows, r.topic, r.partition) ?? 0) > r.from)) this.clearReadAhead();
    try {
      return await fetch(ranges);
    } catch (err) {
      this.clearReadAhead();
      if ((err as StreamlabError).code !== 'KAFKA_OFFSET_OUT_OF_RANGE') throw err;
      const adjusted: PartitionRange[] = [];
      for (const topic of new Set(ranges.map((r) => r.topic))) {
        const lows = new Map((await this.client.admin.topicOffsets(topic)).map((p) => [p.partition, p.low]));
        for (const r of ranges.filter((x) => x.topic === topic)) {
          const low = lows.get(r.partition) ?? r.from;
          if (low > r.from)
            this.dataLoss(
              `offsets ${r.from}..${Math.min(low, r.until) - 1} of ${topic}-${r.partition} were deleted (retention) before they were read`,
              Math.min(low, r.until) - r.from,
            );
          if (Math.max(low, r.from) < r.until) adjusted.push({ ...r, from: Math.max(low, r.from) });
        }
      }
      return adjusted.length === 0 ? empty() : fetch(adjusted);
    }
  }

  /** Reads ahead what the next batch most likely needs (up to the latest offsets seen, bounded). */
  private prefetchAfter(end: PartitionOffsetMap): void {
    if (this.client.kind === 'embedded') return; // reads are in-memory slices already
    const ahead = readAheadRanges(this.latest, end, Math.min(this.readAheadBudget ?? this.config.maxOffsetsPerTrigger ?? PREFETCH_MAX, PREFETCH_MAX));
    if (this.decode && this.fast && this.scanPrefetcher) this.scanPrefetcher.prefetch(ahead);
    else this.prefetcher.prefetch(ahead);
  }

  /** Forgets both read-aheads (records known to be deleted, a failed read, or the source stopping). */
  private clearReadAhead(): void {
    this.prefetcher.clear();
    this.scanPrefetcher?.clear();
  }

  private dataLoss(what: string, lost: number): void {
    if (this.config.failOnDataLoss) {
      throw new StreamlabError('KAFKA_DATA_LOSS', `data loss: ${what}`, {
        value: what,
        hint: 'set failOnDataLoss: false to skip lost offsets and go on (they are counted in progress as dataLossRecords)',
      });
    }
    this.counters.dataLossRecords += lost;
    this.logger.warn({ what, lost }, 'data loss: skipping offsets that no longer exist');
  }

  private async toRows(records: KafkaRecord[]): Promise<T[]> {
    if (this.decode) {
      const batch = this.batchDecoder(this.decode);
      for (let i = 0; i < records.length; i++) batch.record(records[i]!);
      return this.finishBatch(batch);
    }
    this.counters.invalidRows = 0;
    this.eventTimes.startBatch();
    const eventTime = this.eventTime;
    const rows = rawRows(records, this.config.includeHeaders) as unknown as T[];
    if (eventTime) rows.forEach((row, i) => this.eventTimes.observe(records[i]!.topic, records[i]!.partition, eventTime(row)));
    return rows;
  }

  private batchDecoder(decode: Decoder<T>): BatchDecoder<T> {
    return new BatchDecoder({ decode, fast: this.fast, deadLetter: this.config.deadLetter, eventTimeField: this.eventTimeField });
  }

  private async finishBatch(batch: BatchDecoder<T>): Promise<T[]> {
    this.eventTimes.startBatch();
    const { rows, deadLetters } = batch.finish(this.eventTimes);
    this.counters.invalidRows = batch.invalid;
    this.counters.invalidRowsTotal += batch.invalid;
    const outbox = deadLetterOutboxFor(this.queryId, this.client);
    if (outbox && deadLetters.length > 0) {
      outbox.add(await this.deadLetters.prepare(deadLetters)); // written in the exactly-once sink's transaction for this batch
    } else await this.deadLetters.write(deadLetters);
    return rows;
  }
}
