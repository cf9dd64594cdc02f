/**
 * `stream.writeStream`: the immutable builder that configures and starts a query (Spark's
 * DataStreamWriter). Options are validated when `start()` is called.
 */
import type { InvalidRecord } from '../exec/batch-context.js';
import type { PlanNode } from '../plan/node.js';
import type { OutputMode, Sink } from '../ports.js';
import type { ExternalCheckpoint } from '../query/query-checkpoint.js';
import type { StreamingQuery } from '../query/streaming-query.js';
import { getDefaultSession, type StreamingSession } from '../query/session.js';
import type { TriggerOptions } from '../query/trigger.js';
import type { ForeachBatchFn } from '../sinks/foreach-batch-sink.js';
import type { QueryCheckpointOptions, WriterConfig } from './writer-config.js';

export type { QueryCheckpointOptions, WriterConfig } from './writer-config.js';

export class DataStreamWriter<T> {
  private readonly cfg: WriterConfig<T>;
  private readonly sess: StreamingSession | undefined;

  private constructor(cfg: WriterConfig<T>, session: StreamingSession | undefined) {
    this.cfg = cfg;
    this.sess = session;
  }

  /** @internal Use `stream.writeStream`. */
  static create<T>(plan: PlanNode): DataStreamWriter<T> {
    return new DataStreamWriter<T>(
      {
        plan,
        outputMode: 'append',
        trigger: undefined,
        format: undefined,
        queryName: undefined,
        options: {},
        sink: undefined,
        foreachBatch: undefined,
        errorSink: undefined,
      },
      undefined,
    );
  }

  private with(patch: Partial<WriterConfig<T>>, session = this.sess): DataStreamWriter<T> {
    return new DataStreamWriter<T>({ ...this.cfg, ...patch }, session);
  }

  /**
   * `append` (default), `update` or `complete`; checked against the plan at `start()`.
   *
   * @example
   * counts.writeStream.outputMode('update');
   */
  outputMode(mode: OutputMode): DataStreamWriter<T> {
    return this.with({ outputMode: mode });
  }

  /**
   * @example
   * w.trigger({ processingTime: '1 second' }); // or { once: true } | { availableNow: true }
   */
  trigger(trigger: TriggerOptions): DataStreamWriter<T> {
    return this.with({ trigger });
  }

  /**
   * `memory` (needs `queryName`), `console`, or a format an adapter registered
   * (`registerSinkFormat`): `kafka` after `import '@streamlab/kafka'`, `socketio` after
   * `import '@streamlab/live'`. Its options are the writer's `.option(k, v)` (Spark's names).
   *
   * @example
   * w.format('memory').queryName('counts');
   * w.format('kafka').option('topic', 'alerts');
   */
  format(format: 'memory' | 'console' | (string & {})): DataStreamWriter<T> {
    return this.with({ format });
  }

  /**
   * @example
   * w.queryName('counts');
   */
  queryName(name: string): DataStreamWriter<T> {
    return this.with({ queryName: name });
  }

  /**
   * Options: `checkpointLocation` (tuned with `.checkpointOptions`), `numRows` and `truncate`
   * (console), `maxRowsPerTrigger`, `multipleWatermarkPolicy` (`min` | `max`),
   * `noDataMicroBatches` (`false`: no batch without new data, as Spark's
   * `spark.sql.streaming.noDataMicroBatches.enabled=false`); any other option
   * goes to a registered format's factory (e.g. `topic` for `format('kafka')`).
   *
   * @example
   * w.option('checkpointLocation', '/tmp/cp').option('truncate', false);
   */
  option(key: string, value: string | number | boolean): DataStreamWriter<T> {
    return this.with({ options: { ...this.cfg.options, [key]: value } });
  }

  /**
   * Tunes the checkpoint directory of `checkpointLocation` (merged with earlier calls and with the
   * session's `checkpoint` options; `valueCodecs` add to the session's). Validated at `start()`.
   *
   * @example
   * w.option('checkpointLocation', '/tmp/cp').checkpointOptions({ snapshotEvery: 20, retainBatches: 50, valueCodecs: [moneyCodec] });
   */
  checkpointOptions(options: QueryCheckpointOptions): DataStreamWriter<T> {
    return this.with({ checkpointOptions: { ...this.cfg.checkpointOptions, ...options } });
  }

  /**
   * Keeps the query's checkpoint in `checkpoint` instead of a `checkpointLocation` (not both):
   * e.g. `@streamlab/kafka`'s scale-out, whose tasks restore from and commit to Kafka changelogs.
   *
   * @example
   * w.externalCheckpoint(changelogCheckpoint).start();
   */
  externalCheckpoint(checkpoint: ExternalCheckpoint): DataStreamWriter<T> {
    return this.with({ externalCheckpoint: checkpoint });
  }

  /**
   * Hands each batch to `fn` (Spark's foreachBatch).
   *
   * @example
   * w.foreachBatch((rows, batchId) => save(rows, batchId));
   */
  foreachBatch(fn: ForeachBatchFn<T>): DataStreamWriter<T> {
    return this.with({ foreachBatch: fn, format: 'foreachBatch' });
  }

  /**
   * Writes to any `Sink` (the Kafka sink, the socket.io sink, ...).
   *
   * @example
   * w.sink(kafkaSink({ topic: 'alerts' }));
   */
  sink(sink: Sink<T>): DataStreamWriter<T> {
    return this.with({ sink, format: 'sink' });
  }

  /**
   * Where bad input rows (missing/unparsable event time, ...) go, with the reason.
   * Without it they are counted in `progress.numInvalidRows` and logged.
   *
   * @example
   * w.errors(deadLetterSink);
   */
  errors(sink: Sink<InvalidRecord>): DataStreamWriter<T> {
    return this.with({ errorSink: sink });
  }

  /**
   * Runs the query in `session` (its clock, logger, listeners, memory tables) instead of the default one.
   *
   * @example
   * w.session(new StreamingSession({ clock: new ManualClock() }));
   */
  session(session: StreamingSession): DataStreamWriter<T> {
    return this.with({}, session);
  }

  /**
   * Validates the plan and options, then starts the query.
   *
   * @example
   * const q = counts.writeStream.outputMode('update').format('console').start();
   */
  start(): StreamingQuery {
    return (this.sess ?? getDefaultSession()).start(this.cfg);
  }
}
