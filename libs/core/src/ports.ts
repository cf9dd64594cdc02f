/**
 * The ports of the engine: everything that crosses the boundary between the pure, synchronous
 * per-batch core and the outside world (time, data in, results out, logs).
 *
 * Adapters (MemoryStream, the Kafka source and sink, the embedded broker, the socket.io sink,
 * files) implement these interfaces; the engine never imports them.
 */
import type { StreamingQueryProgress } from './progress.js';

/** Output modes, as in Spark. */
export type OutputMode = 'append' | 'update' | 'complete';

/**
 * A source of offsets that can be serialised to JSON (they are written to `offsets/N` in the
 * checkpoint). Each source defines its own shape, e.g. `{ "topic": { "0": 42, "1": 17 } }`.
 */
export type Offset = string | number | boolean | null | Offset[] | { [key: string]: Offset };

/** A parallel query's worker: this source's backlog (records) in, the sum over every worker's share out. */
export type BacklogShare = (backlog: number) => Promise<number>;

/** How much a source may return for one batch (Spark's ReadLimit). */
export type ReadLimit = { kind: 'all' } | { kind: 'maxRows'; maxRows: number };

/**
 * Time, injected. The engine never calls `Date.now()` or sets timers itself: a query asks its
 * clock for the time and for waits (processing-time triggers). Tests use `ManualClock`.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves once `now() >= timeMs`, or when `signal` aborts. */
  sleepUntil(timeMs: number, signal?: AbortSignal): Promise<void>;
}

/** What a source is told when its query starts. */
export interface SourceContext {
  queryId: string;
  queryName: string | undefined;
  logger: Logger;
  clock: Clock;
}

/**
 * A replayable source (Spark's `Source` / `MicroBatchStream`). A batch reads the range
 * `(start, end]`; reading the same range again must give the same rows, which is what makes
 * recovery from a checkpoint deterministic.
 */
export interface Source<T> {
  /** Shown in progress `sources[].description`, e.g. `KafkaV2[Subscribe[tx]]`. */
  readonly description: string;
  /**
   * Optional: the column names of its rows (its schema), when known. Outer joins use them for the
   * null columns of a side that has had no rows yet, as Spark knows them from the schema.
   */
  readonly columns?: readonly string[];
  /**
   * Optional: the columns its rows are hash-partitioned by, when one reader of it (one partition,
   * e.g. a Kafka source over partition `p` of a topic keyed by that column) sees every row of a
   * key. Only a runner that splits a query over partitions reads it (see
   * `PlanNode.outputPartitioning`); the engine ignores it.
   */
  readonly partitioning?: readonly string[];
  /**
   * Optional: what a checkpoint's query shape records for this source at `position` (its index
   * in the plan), when `description` is not the same in every process (e.g. it holds a counter).
   * Default: `description`.
   */
  checkpointDescription?(position: number): string;
  /** Called once when the query starts, before any other call. */
  start?(ctx: SourceContext): Promise<void> | void;
  /**
   * The latest offset available now, limited by `limit`; `null` when there is no data yet.
   * `share` is given in a parallel query's worker (`query/lockstep.ts`): a source that splits a
   * read limit over its backlog (Spark's Kafka `maxOffsetsPerTrigger`, prorated by partition)
   * calls it at most once with its own backlog and splits the limit over the total it returns,
   * the backlog of every worker's share of the source, as one query over all partitions would.
   */
  latestOffset(start: Offset | null, limit: ReadLimit, share?: BacklogShare): Promise<Offset | null> | Offset | null;
  /** The rows in `(start, end]`. `start` is `null` for the first batch. */
  getBatch(start: Offset | null, end: Offset): Promise<readonly T[]> | readonly T[];
  /**
   * Optional (Spark: KafkaSource's initial offsets in `sources/<i>/0`), with
   * `restoreInitialOffset`: where a query that has not committed a batch yet starts, resolved now
   * (e.g. `startingOffsets: 'latest'` -> the current end of every partition). The engine calls it
   * once before the first batch and records the answer in the checkpoint (`sources/<i>/0`); on a
   * restart before anything was committed it passes the recorded value to `restoreInitialOffset`
   * instead, so the start is never resolved twice.
   */
  initialOffset?(): Promise<Offset> | Offset;
  /** Optional: the start recorded by `initialOffset()` when the query first ran (see there). */
  restoreInitialOffset?(offset: Offset): void;
  /**
   * Optional (extension: per-partition watermarks, `withWatermark(field, delay, { perPartition: true })`):
   * the highest value of event-time column `field` per partition (`partition key -> epoch ms`)
   * among the rows the last `getBatch` returned; partitions without rows are left out. Also called
   * once when the plan is built, to check `field`: throws a `StreamlabError` if the source does not
   * track it.
   */
  batchPartitionEventTimes?(field: string): Record<string, number>;
  /**
   * Optional (Spark's `SupportsAdmissionControl.reportLatestOffset`): the latest offset available
   * at the last `latestOffset` call, before any read limit. Shown as progress
   * `sources[].latestOffset` when present (otherwise the limited end offset is shown).
   */
  reportLatestOffset?(): Offset | null;
  /** Everything up to `end` is committed by the query; the source may forget it. */
  commit?(end: Offset): Promise<void> | void;
  /** Extra numbers for progress `sources[].metrics` (e.g. `offsetsBehindLatest`). */
  metrics?(latest: Offset | null): Record<string, string | number>;
  /**
   * Optional push notification that new data may be available, so the default trigger wakes
   * without polling. Returns an unsubscribe function.
   */
  onData?(listener: () => void): () => void;
  /**
   * Optional (Spark's SupportsTriggerAvailableNow): called once when a query with the
   * `availableNow` trigger starts; from then on `latestOffset` must not go past the data available
   * at that moment. Without it the engine caps the source at the `latestOffset` it returned at start
   * (exactly, when there is no `maxRowsPerTrigger` limit).
   */
  prepareForTriggerAvailableNow?(): Promise<void> | void;
  /** Called once when the query stops. */
  stop?(): Promise<void> | void;
}

/** What a sink is told about the batch it receives. */
export interface BatchInfo {
  batchId: number;
  outputMode: OutputMode;
  /** The watermark this batch ran with (epoch ms; 0 before any data). */
  watermarkMs: number;
  /** Processing time of the batch (the clock at batch start). */
  batchTimestampMs: number;
  /** End offsets of every source for this batch, keyed by source description. */
  endOffsets: Record<string, Offset>;
  /** The batch's progress as far as it is known before the sink ran (no sink/duration fields). */
  progress: Omit<StreamingQueryProgress, 'sink' | 'durationMs'> & { durationMs: Partial<StreamingQueryProgress['durationMs']> };
  /**
   * Rows of earlier output that this batch retracts (update mode extensions, e.g. sessions that
   * were merged into a larger one). Empty for plain Spark semantics.
   */
  removed: readonly unknown[];
  /** Grouping-key field names of the result (for keyed update-mode tables), if it is an aggregation. */
  keyFields: readonly string[];
  /** The output column names when the plan knows them (aggregations, select), e.g. for empty tables. */
  columns?: readonly string[];
}

/** What a sink is told when its query starts. */
export interface SinkContext {
  queryId: string;
  runId: string;
  queryName: string | undefined;
  outputMode: OutputMode;
  logger: Logger;
}

/**
 * A sink (Spark's `Sink`). `addBatch` may be called again with a batch id it has seen (replay
 * after a crash); an idempotent sink ignores it, a transactional one commits it atomically.
 */
export interface Sink<T> {
  /** Shown in progress `sink.description`. */
  readonly description: string;
  open?(ctx: SinkContext): Promise<void> | void;
  addBatch(rows: readonly T[], info: BatchInfo): Promise<void> | void;
  close?(): Promise<void> | void;
}

/**
 * The log levels a `Logger` takes (pino's), for validating `--log-level` / `LOG_LEVEL`.
 *
 * @example
 * z.enum(LOG_LEVELS).parse(process.env.LOG_LEVEL ?? 'warn');
 */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A pino-compatible logger. Pass a pino instance (or a child of one) to inject yours. */
export interface Logger {
  trace(obj: unknown, msg?: string, ...args: unknown[]): void;
  debug(obj: unknown, msg?: string, ...args: unknown[]): void;
  info(obj: unknown, msg?: string, ...args: unknown[]): void;
  warn(obj: unknown, msg?: string, ...args: unknown[]): void;
  error(obj: unknown, msg?: string, ...args: unknown[]): void;
  child(bindings: Record<string, unknown>): Logger;
}

/**
 * The default logger of a session: drops everything (the core prints nothing by itself). Inject a
 * pino logger to see what queries do: `new StreamingSession({ logger: pino({ level: 'warn' }) })`.
 *
 * @example
 * noopLogger.child({ queryId: 'q' }).warn({}, 'not printed');
 */
export const noopLogger: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => noopLogger,
};
