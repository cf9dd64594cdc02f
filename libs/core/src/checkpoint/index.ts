/** The checkpoint layer's public surface (re-exported by name from `src/index.ts`). */
export { FileCheckpoint, type CheckpointOptions, type CheckpointableOperator } from './checkpoint.js';
export {
  contentText,
  isTempFile,
  readRequiredText,
  TEMP_SUFFIX,
  type AtomicWriteOptions,
  type CheckpointFileManager,
  type FileContent,
} from './file-manager.js';
export { InMemoryCheckpointFileManager } from './memory-file-manager.js';
export { defaultCheckpointFileManager, setDefaultCheckpointFileManager } from './file-manager-registry.js';
export { joinPath } from './paths.js';
export { checkpointError, type CheckpointErrorCode } from './checkpoint-error.js';
export type { CommitEntry, OffsetEntry, QueryMetadata, SourceOffset, WatermarkPolicy } from './entries.js';
export { queryShape, shapeDifference, shapeOf, type QueryShape } from './query-shape.js';
export { inspectCheckpoint, type CheckpointSummary } from './inspect.js';
export { planRecovery, type CheckpointListing, type PlannedWatermark, type RecoveryPlan } from './recovery.js';
export { CheckpointStateStoreProvider, type OpenStoreOptions } from './store-provider.js';
export type { StateFileListing } from './state-chain.js';
export { StatePersistence, type StatePersistenceOptions, type VersionToPersist } from './state-persistence.js';
export { StateCodec, type Json, type ValueCodec } from './value-codec.js';
