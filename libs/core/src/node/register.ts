/**
 * Side effect: makes the file-system checkpoint file manager the default for directory
 * `checkpointLocation`s (imported by `@streamlab/core` under Node and by `@streamlab/core/node`).
 */
import { setDefaultCheckpointFileManager } from '../checkpoint/file-manager-registry.js';
import { FileSystemCheckpointFileManager } from './file-system-checkpoint-file-manager.js';

setDefaultCheckpointFileManager(new FileSystemCheckpointFileManager());
