/** Temp directories for the checkpoint specs (each test its own, removed afterwards); importing it registers the file-system checkpoint file manager. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import './register.js';

/**
 * Registers cleanup and returns a function that makes a fresh temp directory.
 *
 * @example
 * const tempDir = useTempDirs();
 * it('writes', () => { const dir = tempDir(); ... });
 */
export function useTempDirs(): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = mkdtempSync(join(tmpdir(), 'streamlab-cp-'));
    dirs.push(d);
    return d;
  };
}
