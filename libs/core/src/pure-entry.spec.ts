/** The pure entry (`src/index.ts`, what a browser bundle gets) loads no Node adapter. */
import { describe, expect, it } from 'vitest';
import { defaultCheckpointFileManager, InMemoryCheckpointFileManager, setDefaultCheckpointFileManager } from './index.js';

describe('the pure entry of @streamlab/core', () => {
  it('has no default file manager until one is registered: a directory location says what to do', () => {
    expect(() => defaultCheckpointFileManager('/var/cp')).toThrow(expect.objectContaining({ code: 'CHECKPOINT_NO_FILE_MANAGER' }));
    const fm = new InMemoryCheckpointFileManager();
    setDefaultCheckpointFileManager(fm);
    expect(defaultCheckpointFileManager('/var/cp')).toBe(fm);
    setDefaultCheckpointFileManager(undefined);
  });
});
