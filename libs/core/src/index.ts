/**
 * @streamlab/core: Spark Structured Streaming's micro-batch model in TypeScript.
 *
 * @example
 * import { MemoryStream, window, count } from '@streamlab/core';
 * const words = new MemoryStream<{ ts: number; word: string }>();
 * const query = words.toStream()
 *   .withWatermark('ts', '10 minutes')
 *   .groupBy(window('ts', '10 minutes', '5 minutes'), 'word')
 *   .agg({ count: count() })
 *   .writeStream.outputMode('update').format('memory').queryName('counts').start();
 */
export { parseDuration, type Duration } from './duration.js';
export { StreamlabError, type ErrorDetails } from './errors.js';
export type {
  BacklogShare,
  BatchInfo,
  Clock,
  Logger,
  Offset,
  OutputMode,
  ReadLimit,
  Sink,
  SinkContext,
  Source,
  SourceContext,
} from './ports.js';
export { LOG_LEVELS, noopLogger, type LogLevel } from './ports.js';
export type { SinkProgress, SourceProgress, StateOperatorProgress, StreamingQueryProgress } from './progress.js';

// Building queries
export { Stream, type WatermarkOptions } from './stream/stream.js';
export type { SortKey } from './operators/sort/sort.js';
export { GroupedStream } from './stream/grouped.js';
export { DataStreamWriter, type QueryCheckpointOptions, type WriterConfig } from './stream/writer.js';
export type { AggRow, AggsOf, GroupArg, KeyColumns, Simplify } from './stream/types.js';
export { MemoryStream, type MemoryStreamOptions } from './sources/memory-stream.js';
export { DataStreamReader, readStream, type Row } from './stream/reader.js';
export {
  registerSinkFormat,
  registerSourceFormat,
  registeredFormats,
  type FormatOptions,
  type SinkFactory,
  type SourceFactory,
} from './formats/registry.js';

// Windows and aggregates
export { window, windowStartsFor, type TimeWindowSpec } from './window/window.js';
export { isWindowSpec, type AggregateCompileArgs, type Window, type WindowSpec } from './window/window-spec.js';
export type { AggColumns, AggregateFunction, AggregateSpec, AggResult, FieldList, FieldType } from './aggregates/aggregate.js';
export { count } from './aggregates/count.js';
export { sum } from './aggregates/sum.js';
export { avg } from './aggregates/avg.js';
export { min, max } from './aggregates/min-max.js';
export { first, last } from './aggregates/first-last.js';
export { collectList } from './aggregates/collect-list.js';
export { countDistinct } from './aggregates/count-distinct.js';
export { approxCountDistinct } from './aggregates/approx-count-distinct.js';
export { HyperLogLog } from './aggregates/hyperloglog.js';
export { median } from './stats/median.js';

// Running queries
export { StreamingQuery, type ProgressListener } from './query/streaming-query.js';
export type { BatchCheckpoint, ExternalCheckpoint, ResumePoint } from './query/query-checkpoint.js';
export { memoryInitialOffsets, type InitialOffsetStore } from './query/source-initial-offsets.js';
export { StreamingSession, StreamingQueryManager, getDefaultSession, type SessionOptions } from './query/session.js';
export {
  LockstepHub,
  combineInputWatermarks,
  mergeWatermarkStates,
  type BatchCoordinator,
  type LocalCheck,
  type LockstepDecision,
} from './query/lockstep.js';
export type { QueryStartedEvent, QueryTerminatedEvent, StreamingQueryListener, StreamingQueryStatus } from './query/listener.js';
export { parseTrigger, type Trigger, type TriggerOptions } from './query/trigger.js';

// Sinks
export { MemorySink, type MemoryBatch } from './sinks/memory-sink.js';
export { ConsoleSink, type Write } from './sinks/console-sink.js';
export { formatBatch, formatCell, type ConsoleOptions } from './sinks/console-format.js';
export { ForeachBatchSink, type ForeachBatchFn } from './sinks/foreach-batch-sink.js';

// Time
export { SystemClock } from './time/system-clock.js';
export { toEpochMs, isoTimestamp } from './time/event-time.js';

// Engine extension points (operators: see ARCHITECTURE.md)
export type { BatchContext, InvalidRecord } from './exec/batch-context.js';
export type { LateRecord, LateRoute } from './exec/late.js';
export { LATE_RECORD_COLUMNS } from './exec/late.js';
export { isStateful, type PhysicalOperator, type StateChanges, type StatefulOperator, type StateSnapshot } from './exec/operator.js';
export type {
  CompileContext,
  EventTimeColumn,
  NodeTraits,
  OutputModeViolation,
  OutputShape,
  PlanNode,
  ValidationContext,
  WatermarkRef,
} from './plan/node.js';
export { BaseNode } from './plan/base-node.js';
export { compilePlan, type CompiledPlan } from './plan/compile.js';
export { validateOutputMode } from './plan/validate.js';
export { explainPlan } from './plan/explain.js';
export { type Clustering, keyPositions, samePartitioning, partitioningSatisfies, unpartitionedOperators } from './plan/partitioning.js';
export type { StateDelta, StateStore, StateStoreMetrics, StateStoreProvider, StoreSnapshot } from './state/store.js';
export { InMemoryStateStore, InMemoryStateStoreProvider } from './state/memory-store.js';
export { KeyInterner } from './state/key-interner.js';
export { WatermarkTracker, type EventTimeStats, type MultipleWatermarkPolicy, type WatermarkState } from './watermark/tracker.js';

// Checkpoints (Spark's layout on a CheckpointFileManager: a directory, or the session's memory for `memory:<name>`)
export {
  FileCheckpoint,
  queryShape,
  shapeOf,
  shapeDifference,
  planRecovery,
  StateCodec,
  StatePersistence,
  CheckpointStateStoreProvider,
  checkpointError,
  defaultCheckpointFileManager,
  InMemoryCheckpointFileManager,
  isTempFile,
  joinPath,
  setDefaultCheckpointFileManager,
  contentText,
  type AtomicWriteOptions,
  type CheckpointFileManager,
  type FileContent,
  inspectCheckpoint,
  type CheckpointOptions,
  type CheckpointableOperator,
  type CheckpointErrorCode,
  type CheckpointListing,
  type CheckpointSummary,
  type CommitEntry,
  type Json,
  type OffsetEntry,
  type OpenStoreOptions,
  type PlannedWatermark,
  type QueryMetadata,
  type QueryShape,
  type RecoveryPlan,
  type SourceOffset,
  type StateFileListing,
  type StatePersistenceOptions,
  type ValueCodec,
  type VersionToPersist,
  type WatermarkPolicy,
} from './checkpoint/index.js';

// Dedup, arbitrary state, joins (operators in src/operators/{dedup,state,join})
export { KeyedStream, type FlatMapGroupsOptions, type MapGroupsOptions } from './operators/state/keyed-stream.js';
export { NO_TIMESTAMP, type GroupState, type GroupStateTimeout } from './operators/state/group-state.js';
export { staticTable, StaticTable, type StaticTableOptions, type TableLoader } from './operators/join/static-table.js';
export type { JoinedRow, JoinOn, JoinType } from './operators/join/join-spec.js';
export { sessionWindow, type SessionWindowSpec } from './operators/session/session-window.js';
export { pattern, Pattern, type PatternMatch, type PatternStage, type PatternTimeout } from './operators/pattern/pattern.js';
export type { PatternOptions } from './operators/pattern/pattern-node.js';
export type { StreamJoinOptions } from './operators/join/join.js';
export type { TimeRange } from './operators/join/time-range.js';
