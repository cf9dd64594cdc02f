/**
 * `kafkaSource`: a replayable Kafka source (Spark's KafkaMicroBatchStream). Offsets live in the
 * query's checkpoint, not in auto-commit: each batch reads exactly the offset range recorded for
 * it, so a replayed batch reads the same records. Consumed offsets are also committed to a
 * consumer group named after the query, so standard Kafka tools show the lag.
 */
import { StreamlabError, toEpochMs, type Logger, type Offset, type ReadLimit, type Source, type SourceContext } from '@streamlab/core';
import { createKafkaClient } from '../client.js';
import { silentLogger } from '../logging.js';
import type { KafkaClient, KafkaReader, KafkaRecord, PartitionOffsets, PartitionRange } from '../port.js';
import type { Decoder } from './decode.js';
import { deadLetterRecord, DeadLetterWriter } from './dead-letter.js';
import { entries, getOffset, rateLimit, setOffset, type PartitionOffsetMap } from './offsets.js';
import { PartitionEventTimes } from './partition-event-time.js';
import { PrefetchingReader } from './prefetch.js';
import { resolveStartingOffsets } from './starting-offsets.js';
import { describeSubscription, parseSourceOptions, type KafkaSourceOptions, type SourceConfig } from './source-options.js';

/** At most this many records are read ahead. */
const PREFETCH_MAX = 200_000;

/** A row of the Kafka source without a decoder (Spark's columns). `headers` only with `includeHeaders`. */
export type KafkaRow = Omit<KafkaRecord, 'headers'> & { headers?: KafkaRecord['headers'] };

/** The row type a decoder gives. The overload infers it from `decode` alone, so `eventTimeField` cannot widen it. */
type DecodedRow<D> = D extends Decoder<infer T> ? T : never;

/**
 * A Kafka source for a streaming query.
 *
 * @example
 * const tx = kafkaSource({ subscribe: 'transactions', startingOffsets: 'earliest', decode: decodeJson(Tx) });
 * // readStream(tx)... (rows are z.infer<typeof Tx>; bad records go to 'transactions-dlq')
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- `any` lets inference take D from `decode` alone (with `unknown` it widens)
export function kafkaSource<D extends Decoder<any>>(opts: KafkaSourceOptions<DecodedRow<D>> & { decode: D }): KafkaSource<DecodedRow<D>>;
export function kafkaSource(opts: KafkaSourceOptions<KafkaRow> & { decode?: undefined }): KafkaSource<KafkaRow>;
export function kafkaSource<T>(opts: KafkaSourceOptions<T>): KafkaSource<T | KafkaRow> {
  return new KafkaSource<T | KafkaRow>(opts as KafkaSourceOptions<T | KafkaRow>);
}

export class KafkaSource<T> implements Source<T> {
  readonly description: string;
  private readonly config: SourceConfig;
  private readonly client: KafkaClient;
  private readonly ownsClient: boolean;
  private readonly decode: Decoder<T> | undefined;
  private logger: Logger = silentLogger;
  private groupId: string;
  private initial: PartitionOffsetMap | undefined;
  private latest: PartitionOffsetMap = {};
  /** Log start offsets seen by the last `latestOffset` (to detect data loss before using a prefetch). */
  private lows: PartitionOffsetMap = {};
  private deadLetters: DeadLetterWriter;
  private readonly reader: KafkaReader;
  private readonly prefetcher: PrefetchingReader;
  private counters = { invalidRows: 0, invalidRowsTotal: 0, dataLossRecords: 0 };
  private readonly eventTime: ((row: T) => number) | undefined;
  private readonly eventTimeField: string | undefined;
  private readonly eventTimes = new PartitionEventTimes();

  constructor(opts: KafkaSourceOptions<T>) {
    this.config = parseSourceOptions(opts as KafkaSourceOptions<unknown>);
    this.description = describeSubscription(this.config.subscription);
    this.ownsClient = opts.client === undefined;
    const servers = opts['kafka.bootstrap.servers'];
    this.client = opts.client ?? createKafkaClient(servers !== undefined ? { brokers: servers } : {});
    this.decode = opts.decode;
    const field = opts.eventTimeField;
    this.eventTimeField = field;
    this.eventTime = field === undefined ? undefined : (row: T) => toEpochMs((row as Record<string, unknown>)[field]);
    this.groupId = this.config.groupId ?? 'streamlab-source';
    this.deadLetters = new DeadLetterWriter(this.client, this.logger);
    this.reader = this.client.reader({ isolationLevel: this.config.isolationLevel });
    this.prefetcher = new PrefetchingReader(this.reader);
  }

  start(ctx: SourceContext): void {
    this.logger = ctx.logger.child({ source: this.description });
    this.groupId = this.config.groupId ?? `streamlab-${ctx.queryName ?? ctx.queryId}`;
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

  async latestOffset(start: Offset | null, limit: ReadLimit): Promise<Offset | null> {
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
    if (Number.isFinite(max)) end = rateLimit(base, end, max);
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
      if (getOffset(end as PartitionOffsetMap, topic, partition) === undefined) this.dataLoss(`${topic}-${partition} (at offset ${offset}) no longer exists`, 0);
    }
    const records = await this.read(ranges);
    this.prefetchAfter(end as PartitionOffsetMap);
    return this.toRows(records);
  }

  async commit(end: Offset): Promise<void> {
    const offsets = [...entries(end as PartitionOffsetMap)].map(([topic, partition, offset]) => ({ topic, partition, offset }));
    try {
      await this.client.admin.commitGroupOffsets(this.groupId, offsets);
    } catch (err) {
      // Lag visibility only: the checkpoint is the source of truth, so this never fails the query.
      this.logger.warn({ err, groupId: this.groupId }, 'could not commit consumed offsets to the consumer group');
    }
  }

  metrics(latest: Offset | null): Record<string, string | number> {
    const behind: number[] = [];
    for (const [topic, partition, high] of entries(this.latest)) {
      behind.push(Math.max(0, high - (getOffset(latest as PartitionOffsetMap | null, topic, partition) ?? 0)));
    }
    const sum = behind.reduce((a, b) => a + b, 0);
    return {
      offsetsBehindLatest: sum,
      maxOffsetsBehindLatest: behind.length ? Math.max(...behind) : 0,
      minOffsetsBehindLatest: behind.length ? Math.min(...behind) : 0,
      avgOffsetsBehindLatest: behind.length ? sum / behind.length : 0,
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
      throw new StreamlabError('KAFKA_EVENT_TIME_FIELD', `per-partition watermark on "${field}", but the Kafka source tracks ${this.eventTimeField === undefined ? 'no event-time field' : `"${this.eventTimeField}"`}`, {
        value: field,
        hint: `pass eventTimeField: '${field}' to kafkaSource so it tracks event time per partition`,
      });
    }
    return this.eventTimes.batchSnapshot();
  }

  /** Extension: the per-partition watermark (slowest partition's max event time - `delayMs`); needs `eventTimeField`. */
  partitionWatermark(delayMs: number): number | undefined {
    return this.eventTimes.watermark(delayMs);
  }

  onData(listener: () => void): () => void {
    const topics = this.config.subscription.kind === 'subscribe' ? this.config.subscription.topics : this.config.subscription.kind === 'assign' ? Object.keys(this.config.subscription.partitions) : [];
    const offs = topics.map((t) => this.client.onAppend(t, listener));
    return () => offs.forEach((off) => off());
  }

  async stop(): Promise<void> {
    this.prefetcher.clear();
    await this.reader.close();
    await this.deadLetters.close();
    if (this.ownsClient) await this.client.close();
  }

  /** Low/high offsets of every partition the subscription covers now (topics that do not exist yet are left out). */
  private async partitionOffsets(): Promise<Map<string, PartitionOffsets[]>> {
    const s = this.config.subscription;
    const topics =
      s.kind === 'subscribe' ? s.topics : s.kind === 'assign' ? Object.keys(s.partitions) : (await this.client.admin.listTopics()).filter((t) => !t.startsWith('__') && s.pattern.test(t));
    const out = new Map<string, PartitionOffsets[]>();
    await Promise.all(
      topics.map(async (topic) => {
        try {
          let parts = await this.client.admin.topicOffsets(topic, this.config.isolationLevel);
          if (s.kind === 'assign') parts = parts.filter((p) => s.partitions[topic]!.includes(p.partition));
          out.set(topic, parts);
        } catch (err) {
          if ((err as StreamlabError).code !== 'KAFKA_UNKNOWN_TOPIC') throw err;
        }
      }),
    );
    return out;
  }

  /** Reads the ranges; records lost to retention fail the query or are skipped and counted (`failOnDataLoss`). */
  private async read(ranges: PartitionRange[]): Promise<KafkaRecord[]> {
    if (ranges.length === 0) return [];
    // Records known to be deleted must be reported, even if a prefetch still holds them.
    const lost = ranges.some((r) => (getOffset(this.lows, r.topic, r.partition) ?? 0) > r.from);
    if (lost) this.prefetcher.clear();
    try {
      return (lost ? await this.reader.read(ranges) : await this.prefetcher.read(ranges)).flat();
    } catch (err) {
      this.prefetcher.clear();
      if ((err as StreamlabError).code !== 'KAFKA_OFFSET_OUT_OF_RANGE') throw err;
      const adjusted: PartitionRange[] = [];
      for (const topic of new Set(ranges.map((r) => r.topic))) {
        const lows = new Map((await this.client.admin.topicOffsets(topic)).map((p) => [p.partition, p.low]));
        for (const r of ranges.filter((x) => x.topic === topic)) {
          const low = lows.get(r.partition) ?? r.from;
          if (low > r.from) this.dataLoss(`offsets ${r.from}..${Math.min(low, r.until) - 1} of ${topic}-${r.partition} were deleted (retention) before they were read`, Math.min(low, r.until) - r.from);
          if (Math.max(low, r.from) < r.until) adjusted.push({ ...r, from: Math.max(low, r.from) });
        }
      }
      return (await this.reader.read(adjusted)).flat();
    }
  }

  /** Reads ahead what the next batch most likely needs (up to the latest offsets seen, bounded). */
  private prefetchAfter(end: PartitionOffsetMap): void {
    if (this.client.kind === 'embedded') return; // reads are in-memory slices already
    const ranges: PartitionRange[] = [];
    for (const [topic, partition, high] of entries(this.latest)) {
      const from = getOffset(end, topic, partition);
      if (from !== undefined && high > from) ranges.push({ topic, partition, from, until: high });
    }
    if (ranges.length === 0) return;
    const budget = Math.min(this.config.maxOffsetsPerTrigger ?? PREFETCH_MAX, PREFETCH_MAX);
    const total = ranges.reduce((n, r) => n + r.until - r.from, 0);
    if (total > budget) for (const r of ranges) r.until = r.from + Math.max(1, Math.floor(((r.until - r.from) * budget) / total));
    this.prefetcher.prefetch(ranges);
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
    this.counters.invalidRows = 0;
    this.eventTimes.startBatch();
    const eventTime = this.eventTime;
    if (!this.decode) {
      const rows = (this.config.includeHeaders ? records : records.map(({ headers: _headers, ...row }) => row)) as unknown as T[];
      if (eventTime) rows.forEach((row, i) => this.eventTimes.observe(records[i]!.topic, records[i]!.partition, eventTime(row)));
      return rows;
    }
    const rows: T[] = [];
    const bad = [];
    for (const record of records) {
      const result = this.decode(record);
      if (result.ok) {
        rows.push(result.value);
        if (eventTime) this.eventTimes.observe(record.topic, record.partition, eventTime(result.value));
      } else if (this.config.deadLetter !== false) bad.push(deadLetterRecord(this.config.deadLetter.topic ?? `${record.topic}-dlq`, record, result.error));
      else this.counters.invalidRows++;
    }
    this.counters.invalidRows += bad.length;
    this.counters.invalidRowsTotal += this.counters.invalidRows;
    await this.deadLetters.write(bad);
    return rows;
  }
}
