/**
 * Which `CheckpointFileManager` a directory `checkpointLocation` uses when none is given. The core
 * cannot import `node:fs`, so the file-system one registers itself here from `@streamlab/core/node`
 * (`src/node/register.ts`). Under Node, the package's main entry (`@streamlab/core`, `node`
 * export condition) imports it, so `.option('checkpointLocation', '/var/cp')` works out of the
 * box; elsewhere (a browser bundle) there is no default and a directory location fails with
 * CHECKPOINT_NO_FILE_MANAGER, unless a manager is registered or given to the session.
 */
import { StreamlabError } from '../errors.js';
import type { CheckpointFileManager } from './file-manager.js';

let defaultManager: CheckpointFileManager | undefined;

/**
 * Sets the file manager used for directory checkpoint locations when none is given.
 *
 * @example
 * setDefaultCheckpointFileManager(new InMemoryCheckpointFileManager());
 */
export function setDefaultCheckpointFileManager(manager: CheckpointFileManager | undefined): void {
  defaultManager = manager;
}

/** The registered default, or a CHECKPOINT_NO_FILE_MANAGER error naming `location`. */
export function defaultCheckpointFileManager(location: string): CheckpointFileManager {
  if (defaultManager) return defaultManager;
  throw new StreamlabError('CHECKPOINT_NO_FILE_MANAGER', `no checkpoint file manager for checkpointLocation ${location}`, {
    value: location,
    hint:
      "under Node, import '@streamlab/core' (or '@streamlab/core/node') so the file-system manager registers itself; " +
      'elsewhere pass new StreamingSession({ checkpointFileManager }) or call setDefaultCheckpointFileManager',
  });
}
