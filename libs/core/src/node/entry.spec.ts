/** Which file manager a directory checkpointLocation gets: the package's Node entry registers the file system one. */
import { describe, expect, it } from 'vitest';
import * as core from '@streamlab/core';
import { FileSystemCheckpointFileManager } from './file-system-checkpoint-file-manager.js';

describe("'@streamlab/core' under Node", () => {
  it('registers the file-system checkpoint file manager as the default and exports it', () => {
    expect(core.defaultCheckpointFileManager('/var/cp')).toBeInstanceOf(FileSystemCheckpointFileManager);
    expect(core.FileSystemCheckpointFileManager).toBe(FileSystemCheckpointFileManager);
  });
});
