/**
 * `Stream<T>`: the immutable, typed builder of a streaming query's logical plan.
 * Every operation returns a new `Stream` over a new plan node; nothing runs until
 * `writeStream....start()`.
 */
import { SortNode, type SortKey } from '../operators/sort/sort.js';
import { parseDuration, type Duration } from '../duration.js';
import { StreamlabError } from '../errors.js';
import type { LateRecord } from '../exec/late.js';
import { FilterNode } from '../operators/filter/filter.js';
import { FlatMapNode } from '../operators/flat-map/flat-map.js';
import { MapNode } from '../operators/map/map.js';
import { SelectNode } from '../operators/select/select.js';
import { SourceNode } from '../operators/source/source.js';
import { UnionNode } from '../operators/union/union.js';
import { DedupNode } from '../operators/dedup/dedup-node.js';
import { KeyedStream } from '../operators/state/keyed-stream.js';
import { joinNode, type StreamJoinOptions } from '../operators/join/join.js';
import type { JoinedRow, JoinOn, JoinType } from '../operators/join/join-spec.js';
import type { StaticTable } from '../operators/join/static-table.js';
import { WatermarkNode } from '../operators/watermark/watermark-node.js';
import { WithColumnNode } from '../operators/with-column/with-column.js';
import { explainPlan } from '../plan/explain.js';
import type { PlanNode } from '../plan/node.js';
import type { Sink, Source } from '../ports.js';
import { GroupedStream } from './grouped.js';
import type { GroupArg, KeyColumns, Simplify } from './types.js';
import { provideStreamConstructor } from './stream-of.js';
import { DataStreamWriter } from './writer.js';

/** Options of `withWatermark`. */
export interface WatermarkOptions<T> {
  /** Extension: rows dropped as late by downstream stateful operators go to this sink. */
  late?: Sink<LateRecord<T>>;
  /**
   * Extension, off by default: after this long without rows (processing time) the input is idle.
   * It stops holding back the query watermark while other inputs have rows, and its watermark
   * moves on with processing time, so sessions close and timeouts fire on a quiet stream (see
   * `src/watermark/IDLE-INPUTS.md`).
   */
  idleTimeout?: Duration;
  /**
   * Extension, off by default: the input's watermark is the min over the source's partitions of
   * (their max event time - delay), as Flink does, so a lagging partition's rows are not late
   * because another partition ran ahead. Only on a stream read directly from a source that
   * reports per-partition event time (`Source.batchPartitionEventTimes`, e.g. the Kafka source
   * with `eventTimeField` set to this field). See `src/watermark/partition-watermarks.ts`.
   */
  perPartition?: boolean;
}

export class Stream<T> {
  /** The logical plan this stream stands for. */
  readonly plan: PlanNode;

  constructor(plan: PlanNode) {
    this.plan = plan;
  }

  /**
   * A stream reading a `Source` (MemoryStream, the Kafka source, ...).
   *
   * @example
   * const s = Stream.fromSource<{ ts: number }>(mySource);
   */
  static fromSource<T>(source: Source<T>): Stream<T> {
    return new Stream<T>(new SourceNode(source as Source<unknown>));
  }

  /**
   * Extension point for operators in their own folders: wraps this plan in a new node.
   *
   * @example
   * stream.via<Row>((plan) => new DedupNode(plan, ['id']));
   */
  via<U>(make: (plan: PlanNode) => PlanNode): Stream<U> {
    return new Stream<U>(make(this.plan));
  }

  /**
   * Applies a reusable stream transformation.
   *
   * @example
   * const onlyBig = (s: Stream<Tx>) => s.filter((t) => t.amount > 1000);
   * stream.transform(onlyBig);
   */
  transform<U>(fn: (stream: Stream<T>) => Stream<U>): Stream<U> {
    return fn(this);
  }

  /**
   * Keeps the rows for which `predicate` is true.
   *
   * @example
   * stream.filter((r) => r.amount > 100);
   */
  filter<S extends T>(predicate: (row: T) => row is S): Stream<S>;
  filter(predicate: (row: T) => boolean): Stream<T>;
  filter(predicate: (row: T) => boolean): Stream<T> {
    return new Stream<T>(new FilterNode(this.plan, predicate as (row: unknown) => boolean));
  }

  /**
   * One output row per input row.
   *
   * @example
   * stream.map((r) => ({ ...r, amountEur: r.amount * 0.9 }));
   */
  map<U>(fn: (row: T) => U): Stream<U> {
    return new Stream<U>(new MapNode(this.plan, fn as (row: unknown) => unknown));
  }

  /**
   * Zero or more output rows per input row.
   *
   * @example
   * lines.flatMap((l) => l.text.split(' ').map((word) => ({ ts: l.ts, word })));
   */
  flatMap<U>(fn: (row: T) => Iterable<U>): Stream<U> {
    return new Stream<U>(new FlatMapNode(this.plan, fn as (row: unknown) => Iterable<unknown>));
  }

  /**
   * Keeps only the named columns.
   *
   * @example
   * stream.select('ts', 'word'); // Stream<{ ts: number; word: string }>
   */
  select<K extends keyof T & string>(...fields: K[]): Stream<Simplify<Pick<T, K>>> {
    return new Stream(new SelectNode(this.plan, fields));
  }

  /**
   * Sorts the output rows by columns (ascending, or `{ column, desc: true }`). As in Spark, only an
   * aggregated stream in complete output mode may be sorted (checked when the query starts).
   *
   * @example
   * words.groupBy('word').agg({ n: count() }).orderBy({ column: 'n', desc: true }, 'word'); // complete mode
   */
  orderBy(...keys: SortKey<keyof T & string>[]): Stream<T> {
    return new Stream<T>(new SortNode(this.plan, keys));
  }

  /** Same as `orderBy` (Spark's `sort`). */
  sort(...keys: SortKey<keyof T & string>[]): Stream<T> {
    return this.orderBy(...keys);
  }

  /**
   * Adds (or replaces) a computed column.
   *
   * @example
   * stream.withColumn('big', (r) => r.amount > 1000); // adds `big: boolean`
   */
  withColumn<N extends string, V>(name: N, fn: (row: T) => V): Stream<Simplify<Omit<T, N> & { [P in N]: V }>> {
    return new Stream(new WithColumnNode(this.plan, name, fn as (row: unknown) => unknown));
  }

  /**
   * Declares `field` as event time (epoch ms, Date or ISO string) with a watermark `delay` behind
   * the max event time seen. Rows with a missing/unparsable event time go to the error output.
   *
   * @example
   * stream.withWatermark('ts', '10 minutes', { late: lateSink });
   * stream.withWatermark('ts', '10 seconds', { idleTimeout: '1 minute' }); // advances on a quiet stream
   * Stream.fromSource(kafkaTx) // kafkaSource({ subscribe: 'tx', eventTimeField: 'ts', decode })
   *   .withWatermark('ts', '10 seconds', { perPartition: true }); // slowest partition sets it
   */
  withWatermark(field: keyof T & string, delay: Duration, options: WatermarkOptions<T> = {}): Stream<T> {
    const delayMs = parseDuration(delay, `watermark delay of "${field}"`);
    const idleMs = options.idleTimeout === undefined ? undefined : parseDuration(options.idleTimeout, `idleTimeout of withWatermark("${field}")`);
    if (idleMs !== undefined && idleMs <= 0) {
      throw new StreamlabError('BAD_IDLE_TIMEOUT', `idleTimeout of withWatermark("${field}") must be positive, got ${idleMs} ms`, {
        value: options.idleTimeout,
        hint: "give a positive duration such as '1 minute', or leave idleTimeout out to keep the watermark data-driven",
      });
    }
    let perPartitionSource: Source<unknown> | undefined;
    if (options.perPartition === true) {
      const source = this.plan instanceof SourceNode ? this.plan.source : undefined;
      if (!source?.batchPartitionEventTimes) {
        throw new StreamlabError(
          'PER_PARTITION_WATERMARK_UNSUPPORTED',
          `withWatermark("${field}", ..., { perPartition: true }) needs a stream read directly from a source that reports per-partition event time`,
          {
            value: source?.description ?? this.plan.describe(),
            hint: 'call withWatermark right after Stream.fromSource(kafkaSource({ ..., eventTimeField })), before any map or filter, or leave perPartition out',
          },
        );
      }
      source.batchPartitionEventTimes(field); // checks now that the source tracks `field` (throws if not)
      perPartitionSource = source;
    }
    return new Stream<T>(new WatermarkNode(this.plan, field, delayMs, options.late as Sink<LateRecord> | undefined, idleMs, perPartitionSource));
  }

  /**
   * Groups by columns and/or a window; follow with `agg({...})` or `count()`.
   *
   * @example
   * stream.groupBy(window('ts', '1 minute'), 'cardId').agg({ n: count(), total: sum('amount') });
   */
  groupBy<const A extends readonly GroupArg<T>[]>(...keys: A): GroupedStream<T, KeyColumns<T, A>> {
    return new GroupedStream<T, KeyColumns<T, A>>(this.plan, keys);
  }

  /**
   * The rows of this stream and `other`. Each keeps its own watermark; the query watermark is
   * their min (or max with `option('multipleWatermarkPolicy', 'max')`).
   *
   * @example
   * clicks.union(moreClicks);
   */
  union(...others: Stream<T>[]): Stream<T> {
    return new Stream<T>(new UnionNode([this.plan, ...others.map((o) => o.plan)]));
  }

  /**
   * Drops rows whose `fields` (all columns when none) were seen before. State grows forever
   * unless a watermark bounds it: include the event-time column in `fields` to evict keys.
   *
   * @example
   * tx.withWatermark('ts', '10 minutes').dropDuplicates('txId', 'ts');
   */
  dropDuplicates<K extends keyof T & string>(...fields: K[]): Stream<T> {
    return this.via<T>((plan) => new DedupNode(plan, fields, 'all'));
  }

  /**
   * Drops rows whose `fields` were seen within the watermark delay (needs `withWatermark`).
   *
   * @example
   * tx.withWatermark('ts', '1 hour').dropDuplicatesWithinWatermark('txId');
   */
  dropDuplicatesWithinWatermark<K extends keyof T & string>(...fields: K[]): Stream<T> {
    return this.via<T>((plan) => new DedupNode(plan, fields, 'withinWatermark'));
  }

  /**
   * Groups rows by a column, or by a computed key, for `mapGroupsWithState` /
   * `flatMapGroupsWithState` / `pattern`. A column key (`groupByKey('cardId')`) is also a fact the
   * plan knows: a scale-out over input partitioned by that column needs no repartition, while a
   * key function always repartitions (no partitioning can be shown to match it).
   *
   * @example
   * tx.groupByKey('cardId').mapGroupsWithState(countFn);         // key: t.cardId
   * tx.groupByKey((t) => t.cardId.slice(0, 6)).mapGroupsWithState(countFn); // a computed key
   */
  groupByKey<C extends keyof T & string>(column: C): KeyedStream<T[C], T>;
  groupByKey<K>(fn: (row: T) => K): KeyedStream<K, T>;
  groupByKey<K>(key: ((row: T) => K) | (keyof T & string)): KeyedStream<K, T> {
    return new KeyedStream<K, T>(this.plan, key);
  }

  /**
   * Joins with a static table (rows, or a cached async loader) or another stream (with watermarks
   * and `{ timeRange }` to bound state): `inner` (default) or `leftOuter`.
   *
   * @example
   * tx.join(staticTable(profiles), 'cardId', 'leftOuter');
   * impressions.join(clicks, 'adId', 'leftOuter', { timeRange: { leftTime: 'shownAt', rightTime: 'clickedAt', min: 0, max: '1 hour' } });
   */
  join<R, H extends JoinType = 'inner'>(other: StaticTable<R> | Stream<R>, on: JoinOn, how?: H, options?: StreamJoinOptions): Stream<JoinedRow<T, R, H>> {
    return this.via((plan) => joinNode(plan, other as StaticTable<unknown> | Stream<unknown>, on, how ?? 'inner', options));
  }

  /**
   * The writer that configures and starts a query over this stream.
   *
   * @example
   * stream.writeStream.format('console').start();
   */
  get writeStream(): DataStreamWriter<T> {
    return DataStreamWriter.create<T>(this.plan);
  }

  /**
   * The logical plan as text, one node per line.
   *
   * @example
   * console.log(stream.explain());
   */
  explain(): string {
    return explainPlan(this.plan);
  }
}

provideStreamConstructor((plan) => new Stream(plan));
