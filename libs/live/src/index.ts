export { socketioSink, type SocketioSinkOptions } from './socketio-sink.js';
export {
  LiveHub,
  defaultLiveHub,
  assertNamespace,
  PROGRESS_HISTORY,
  type LiveTransport,
  type BatchListener,
  type ProgressListener,
  type UseCaseQuery,
  type QueryProgressRecord,
} from './live-hub.js';
export { addBatch, emptyTotals, type QueryTotals } from './query-totals.js';
export { QueryChannel, type ChannelOptions, type Publish, type BatchObserver } from './query-channel.js';
export { Coalescer } from './coalescer.js';
export { Feed } from './feed.js';
export {
  ClientEvents,
  CLIENT_EVENT_LIMITS,
  type ClientEventHandler,
  type ClientEventLimits,
  type ClientEventResult,
  type ClientInfo,
} from './client-events.js';
export { useCaseKit, KIT_TRIGGER, type UseCaseKit, type KitOptions, type ReadOptions, type SimulateOptions, type Simulated } from './kit.js';
export { deadLetterQuery, deadLetterRow, type DeadLetterRow } from './dead-letters.js';
export { ResultTable, rowKey, type ResultTableOptions } from './result-table.js';
export { summarizeProgress, type BatchMessage, type BatchSummary, type SnapshotMessage, type LiveServerEvents, type LiveClientEvents } from './protocol.js';
export { systemScheduler, ManualScheduler, type Scheduler } from './scheduler.js';
export { loadLiveConfig, type LiveConfig } from './config.js';
export { query, defineQueries, queryId, queryIds, type LiveQuery, type QueryRef, type QueryOf, type FieldOf, type QueryMap, type RowOf } from './queries.js';
export {
  defineUseCase,
  liveSink,
  type UseCaseDefinition,
  type TypedSparkline,
  type TypedAlertFields,
  type UseCase,
  type UseCaseContext,
  type UseCaseSimulation,
  type RunningUseCase,
  type QueryHandle,
  type BrokerInfo,
  type UseCaseBroker,
  type TileSpec,
  type AlertFields,
  type UseCaseSummary,
} from './use-case.js';
export { createLiveServer, type LiveServer, type LiveServerOptions, type MountOptions } from './server/live-server.js';
export { assertPortFree, portError } from './server/port-check.js';
export { createLiveMetrics, type LiveMetrics } from './server/metrics.js';
export { buildWebAssets, LANDING_ENTRY, type WebAssets, type BuiltEntry, type BuildOptions } from './server/web-build.js';
export { renderPage, escapeHtml, type PageOptions } from './server/pages.js';
export { CONTENT_SECURITY_POLICY, originAllowed, tokenMatches } from './server/security.js';
export { discoverUseCases, type DiscoveredUseCase } from './discover.js';
export { makeBatchInfo, makeProgress, type BatchInfoInput } from './batch-info.js';
export { socketioSinkFromOptions, registerSocketioFormat } from './socketio-format.js';
export { runServeCli, type ServeCliOptions } from './server/serve-cli.js';
export { serveUseCases, onShutdownSignal, type ServeOptions, type ServedUseCases, type ShutdownOptions } from './server/serve-use-cases.js';
