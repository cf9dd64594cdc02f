/** What a writer collects and a session starts a query from (types only, so the engine needs no writer). */
import type { CheckpointOptions } from '../checkpoint/checkpoint.js';
import type { InvalidRecord } from '../exec/batch-context.js';
import type { PlanNode } from '../plan/node.js';
import type { ExternalCheckpoint } from '../query/query-checkpoint.js';
import type { OutputMode, Sink } from '../ports.js';
import type { TriggerOptions } from '../query/trigger.js';
import type { ForeachBatchFn } from '../sinks/foreach-batch-sink.js';

/** Everything a writer has collected; what `StreamingSession.start` receives. */
export interface WriterConfig<T> {
  plan: PlanNode;
  outputMode: OutputMode;
  trigger: TriggerOptions | undefined;
  format: string | undefined;
  queryName: string | undefined;
  options: Readonly<Record<string, string | number | boolean>>;
  sink: Sink<T> | undefined;
  foreachBatch: ForeachBatchFn<T> | undefined;
  errorSink: Sink<InvalidRecord> | undefined;
  /** Checkpoint tuning from `.checkpointOptions(...)`. */
  checkpointOptions?: QueryCheckpointOptions;
  /** A checkpoint kept elsewhere than a location, from `.externalCheckpoint(...)`. */
  externalCheckpoint?: ExternalCheckpoint;
}

/**
 * Tuning of a query's checkpoint directory (`.checkpointOptions(...)` on the writer, or
 * `new StreamingSession({ checkpoint })` for every query of a session):
 * - `snapshotEvery`: a full state snapshot every this many batches (default 10); a restart replays
 *   at most this many deltas.
 * - `retainBatches`: batches whose offsets, commits and state are kept (default 100, at least 2).
 * - `valueCodecs`: codecs for state values of classes JSON cannot hold (see `ValueCodec`).
 */
export type QueryCheckpointOptions = Pick<CheckpointOptions, 'valueCodecs' | 'snapshotEvery' | 'retainBatches'>;
