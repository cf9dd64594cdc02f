/**
 * `@streamlab/core/node`: the Node adapters of the core's ports, the only part of core that may
 * import `node:*`. Importing it registers the file-system checkpoint file manager as the default.
 */
import './register.js';

export { FileSystemCheckpointFileManager, type FileSystemCheckpointOptions } from './file-system-checkpoint-file-manager.js';
export {
  runParallel,
  ParallelQuery,
  type ParallelContext,
  type ParallelOptions,
  type ParallelQueryDefinition,
} from './parallel.js';
