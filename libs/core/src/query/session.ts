/**
 * `StreamingSession` (Spark's SparkSession, for streaming): the clock, logger, memory tables,
 * checkpoints and listeners that queries share. `getDefaultSession()` is used unless a writer
 * is given `.session(s)`.
 */
import type { InvalidRecord } from '../exec/batch-context.js';
import { StreamlabError } from '../errors.js';
import { noopLogger, type Clock, type Logger, type Sink } from '../ports.js';
import { randomId as randomUUID } from '../random-id.js';
import type { CheckpointFileManager } from '../checkpoint/file-manager.js';
import { defaultCheckpointFileManager } from '../checkpoint/file-manager-registry.js';
import type { StreamingQueryProgress } from '../progress.js';
import type { QueryCheckpointOptions, WriterConfig } from '../stream/writer-config.js';
import { readStream, type DataStreamReader } from '../stream/reader.js';
import { SystemClock } from '../time/system-clock.js';
import { FileCheckpoint } from '../checkpoint/checkpoint.js';
import { InMemoryCheckpointFileManager } from '../checkpoint/memory-file-manager.js';
import { queryShape } from '../checkpoint/query-shape.js';
import { DirectoryCheckpoint } from './query-checkpoint.js';
import type { StreamingQueryListener } from './listener.js';
import { prepareQuery } from './prepare.js';
import type { BatchCoordinator } from './lockstep.js';
import type { CompiledPlan } from '../plan/compile.js';
import { unpartitionedOperators } from '../plan/partitioning.js';
import { MicroBatchRunner } from './micro-batch-runner.js';
import { StreamingQuery } from './streaming-query.js';
import type { MemorySink } from '../sinks/memory-sink.js';

/**
 * A `memory:` location keeps only what a restart needs (the last two batches; state back to its
 * last snapshot) unless told otherwise: its files are the session's heap, and Spark's 100 retained
 * batches exist for rolling a directory back by hand, which a location in memory cannot be.
 */
const MEMORY_LOCATION_DEFAULTS: QueryCheckpointOptions = { retainBatches: 2 };

export interface SessionOptions {
  clock?: Clock;
  /** Where the session logs (default `noopLogger`: nothing). Pass a pino logger, e.g. `pino({ level: 'warn' })`. */
  logger?: Logger;
  /**
   * The file manager of directory checkpoint locations (Spark's CheckpointFileManager). Default:
   * the registered default, which `@streamlab/core` registers under Node (the file system).
   * `memory:<name>` locations always live in the session's own `memoryCheckpoints`.
   */
  checkpointFileManager?: CheckpointFileManager;
  /** Checkpoint tuning for every query of this session (a writer's `.checkpointOptions` wins). */
  checkpoint?: QueryCheckpointOptions;
  /**
   * Makes the session a worker of a parallel query (`runParallel` of `@streamlab/core/node`, or a
   * `LockstepHub` in one thread): its one query runs its batches in lockstep with the other
   * workers' and takes the watermark merged over all of them (`query/lockstep.ts`).
   */
  coordinator?: BatchCoordinator;
}

/**
 * Active queries and session-wide listeners (Spark's `spark.streams`).
 *
 * @example
 * session.streams.active.map((q) => q.name);
 */
export class StreamingQueryManager {
  readonly listeners = new Set<StreamingQueryListener>();
  private readonly queries = new Map<string, StreamingQuery>();

  /** Queries that are running now. */
  get active(): StreamingQuery[] {
    return [...this.queries.values()].filter((q) => q.isActive);
  }

  /** The active query with this id. */
  get(id: string): StreamingQuery | undefined {
    const q = this.queries.get(id);
    return q?.isActive ? q : undefined;
  }

  /**
   * @example
   * session.streams.addListener({ onQueryProgress: (p) => log.info(p) });
   */
  addListener(listener: StreamingQueryListener): void {
    this.listeners.add(listener);
  }

  removeListener(listener: StreamingQueryListener): void {
    this.listeners.delete(listener);
  }

  /** Logger for listener failures (set by the session). */
  logger: Logger | undefined;

  /**
   * Runs a listener callback; a listener that throws is logged, never fails a query (as Spark's
   * listener bus).
   */
  safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.logger?.error({ err }, 'a streaming query listener threw; ignored');
    }
  }

  /** @internal */
  register(q: StreamingQuery): void {
    this.queries.set(q.id, q);
  }

  /** @internal */
  emitProgress(p: StreamingQueryProgress): void {
    for (const l of this.listeners) this.safely(() => l.onQueryProgress?.(p));
  }
}

export class StreamingSession {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly streams = new StreamingQueryManager();
  /**
   * Where `memory:<name>` checkpoint locations live, as directories named after the location
   * (`memory:<name>/offsets/0`, ...): the same layout, per-batch commits and recovery as a
   * directory location, kept as long as the session. A query that fails or is abandoned mid-batch
   * resumes from its last committed batch and replays the uncommitted one, as from a directory.
   */
  readonly memoryCheckpoints = new InMemoryCheckpointFileManager();
  private readonly memoryTables = new Map<string, MemorySink>();
  private readonly checkpointDefaults: QueryCheckpointOptions;
  private readonly checkpointFileManager: CheckpointFileManager | undefined;
  private readonly coordinator: BatchCoordinator | undefined;
  private coordinatedQueries = 0;

  /**
   * @example
   * const session = new StreamingSession({ clock: new ManualClock(0) });
   */
  constructor(options: SessionOptions = {}) {
    this.clock = options.clock ?? new SystemClock();
    this.logger = options.logger ?? noopLogger;
    this.streams.logger = this.logger;
    this.checkpointDefaults = options.checkpoint ?? {};
    this.checkpointFileManager = options.checkpointFileManager;
    this.coordinator = options.coordinator;
  }

  /**
   * Streams from registered source formats (Spark's `spark.readStream`); the same as the
   * exported `readStream`, since the session is chosen when the query starts.
   *
   * @example
   * session.readStream.format('kafka').option('subscribe', 'payments').load();
   */
  get readStream(): DataStreamReader {
    return readStream;
  }

  /**
   * The rows of a memory sink, by query name (Spark's `spark.table(name)`).
   *
   * @example
   * session.table('counts');
   */
  table<T = Record<string, unknown>>(name: string): T[] {
    const sink = this.memoryTables.get(name);
    return sink ? (sink.allData() as T[]) : [];
  }

  /** The memory sink of a query name (for the test kit). */
  memorySink(name: string): MemorySink | undefined {
    return this.memoryTables.get(name);
  }

  /** @internal */
  registerMemorySink(name: string, sink: MemorySink): void {
    this.memoryTables.set(name, sink);
  }

  /** Starts a query from a writer's config (use `writeStream....start()`). */
  start<T>(cfg: WriterConfig<T>): StreamingQuery {
    const prepared = prepareQuery(cfg, this);
    if (this.coordinator) this.checkParallel(cfg, prepared.compiled);
    const runId = randomUUID();
    const location = prepared.checkpointLocation;
    const checkpoint =
      location === undefined
        ? undefined
        : new DirectoryCheckpoint(
            FileCheckpoint.open(location, {
              ...(location.startsWith('memory:') ? MEMORY_LOCATION_DEFAULTS : {}),
              ...this.checkpointTuning(cfg.checkpointOptions),
              shape: queryShape(cfg.plan),
              multipleWatermarkPolicy: prepared.policy,
              newQueryId: randomUUID,
              logger: this.logger,
              fileManager: this.fileManagerOf(location),
            }),
          );
    const external = cfg.externalCheckpoint;
    if (external && location !== undefined) {
      throw new StreamlabError('CHECKPOINT_TWO_PLACES', 'the query has both a checkpointLocation and an external checkpoint', {
        value: location,
        hint: 'keep one: drop the checkpointLocation option or the .externalCheckpoint(...) call',
      });
    }
    const id = checkpoint?.files.queryId ?? external?.queryId ?? randomUUID();
    const query = new StreamingQuery(id, runId, cfg.queryName);
    query.onListenerError = (err) => this.logger.error({ err, queryId: id }, 'a progress listener threw; ignored');
    const logger = this.logger.child({ queryId: id, runId, queryName: cfg.queryName });
    const runner = new MicroBatchRunner({
      id,
      runId,
      name: cfg.queryName,
      compiled: prepared.compiled,
      sink: prepared.sink as Sink<unknown>,
      errorSink: cfg.errorSink as Sink<InvalidRecord> | undefined,
      outputMode: cfg.outputMode,
      trigger: prepared.trigger,
      clock: this.clock,
      logger,
      policy: prepared.policy,
      readLimit: prepared.readLimit,
      noDataBatches: prepared.noDataBatches,
      keyFields: prepared.keyFields,
      columns: prepared.columns,
      firstPollMs: 10,
      pollMs: 100,
      ...(this.coordinator ? { coordinator: this.coordinator } : {}),
      onProgress: (p) => {
        query.recordProgress(p);
        this.streams.emitProgress(p);
      },
      onStatus: (message, isDataAvailable, isTriggerActive) => query.setStatus({ message, isDataAvailable, isTriggerActive }),
    });
    if (checkpoint) {
      // Where to resume (a batch planned but not committed is replayed first); from now on the
      // checkpoint is written around every batch, whatever kind of location it is.
      const recovered = checkpoint.files.recover(prepared.compiled.stateful.map((op) => op.operatorId));
      runner.resume(checkpoint.resumePoint(recovered, prepared.policy, prepared.compiled.sources.length), checkpoint);
    }
    if (external) runner.resume(external.resumePoint(prepared.policy, prepared.compiled.sources.length), external);
    this.streams.register(query);
    const timestamp = new Date(this.clock.now()).toISOString();
    for (const l of this.streams.listeners) this.streams.safely(() => l.onQueryStarted?.({ id, runId, name: cfg.queryName ?? null, timestamp }));
    const done = this.runQuery(runner, prepared, id, runId, logger);
    query.attach(runner, done);
    return query;
  }

  /**
   * A parallel query's worker runs one query, split by input partition: every keyed operator must
   * find all rows of a key in one partition, and the watermark extensions that read one process's
   * partitions or clock (idle inputs, per-partition watermarks) are not merged across workers.
   */
  private checkParallel<T>(cfg: WriterConfig<T>, compiled: CompiledPlan): void {
    const name = cfg.queryName ?? 'the query';
    if (this.coordinatedQueries++ > 0) {
      throw new StreamlabError('PARALLEL_ONE_QUERY', `${name}: a parallel query's worker session runs one query, and one is already started`, {
        value: cfg.queryName,
        hint: 'start each query of the module with its own runParallel, or run it outside the worker session',
      });
    }
    const bad = unpartitionedOperators(cfg.plan);
    if (bad.length > 0) {
      throw new StreamlabError(
        'PARALLEL_NOT_PARTITIONED',
        `${name} cannot run split by input partition: ${bad.map((n) => n.describe()).join('; ')} needs every row of a key in one partition, and its input does not declare that it is partitioned by that key`,
        {
          value: bad.map((n) => n.kind),
          hint: "declare how each source's topic is partitioned (kafkaSource's partitionedBy: the key the producers send), with co-partitioned topics for a join; or run the query with workers: 1",
        },
      );
    }
    if (compiled.watermarkIdleTimeoutsMs.some((t) => t !== undefined) || compiled.watermarkPartitionInputs.some((p) => p !== undefined)) {
      throw new StreamlabError('PARALLEL_UNSUPPORTED', `${name}: idle-input and per-partition watermarks are not supported in a parallel query`, {
        value: cfg.queryName,
        hint: 'drop the idleTimeout / perPartition options of withWatermark, or run the query with workers: 1',
      });
    }
  }

  /** `memory:<name>`: the session's in-memory files; any other location: a directory through the configured or default manager. */
  private fileManagerOf(location: string): CheckpointFileManager {
    if (location.startsWith('memory:')) return this.memoryCheckpoints;
    return this.checkpointFileManager ?? defaultCheckpointFileManager(location);
  }

  /** The session's checkpoint tuning overridden by a writer's; value codecs of both apply (the writer's wins for a tag). */
  private checkpointTuning(writer: QueryCheckpointOptions = {}): QueryCheckpointOptions {
    const codecs = new Map([...(this.checkpointDefaults.valueCodecs ?? []), ...(writer.valueCodecs ?? [])].map((c) => [c.tag, c]));
    return { ...this.checkpointDefaults, ...writer, ...(codecs.size > 0 ? { valueCodecs: [...codecs.values()] } : {}) };
  }

  private async runQuery(runner: MicroBatchRunner, prepared: ReturnType<typeof prepareQuery>, id: string, runId: string, logger: Logger): Promise<void> {
    let failure: unknown;
    try {
      await prepared.open(id, runId, logger);
      await runner.run();
    } catch (e) {
      failure = e;
      // An expected end (a scale-out task that moved away) is not a failure worth an error line.
      if ((e as { expected?: unknown })?.expected === true) logger.info({ err: e }, 'query stopped');
      else logger.error({ err: e }, 'query failed');
    } finally {
      await prepared.close();
      const exception = failure === undefined ? null : String((failure as Error)?.message ?? failure);
      for (const l of this.streams.listeners) this.streams.safely(() => l.onQueryTerminated?.({ id, runId, exception }));
    }
    if (failure !== undefined) throw failure;
  }
}

let defaultSession: StreamingSession | undefined;

/**
 * The process-wide session used by `start()` when no `.session(s)` is given.
 *
 * @example
 * getDefaultSession().table('counts');
 */
export function getDefaultSession(): StreamingSession {
  defaultSession ??= new StreamingSession();
  return defaultSession;
}
