/** The CheckpointFileManager contract, run against the in-memory and the file-system implementation. */
import { describe, expect, it } from 'vitest';
import { StreamlabError } from '../errors.js';
import { FileSystemCheckpointFileManager } from '../node/file-system-checkpoint-file-manager.js';
import { useTempDirs } from '../node/test-dir.js';
import type { CheckpointFileManager } from './file-manager.js';
import { InMemoryCheckpointFileManager } from './memory-file-manager.js';
import { joinPath } from './paths.js';

const tempDir = useTempDirs();
const managers: [string, () => { fm: CheckpointFileManager; root: string }][] = [
  ['InMemoryCheckpointFileManager', () => ({ fm: new InMemoryCheckpointFileManager(), root: '/cp' })],
  ['FileSystemCheckpointFileManager', () => ({ fm: new FileSystemCheckpointFileManager(), root: tempDir() })],
];

describe.each(managers)('%s', (name, make) => {
  it('writes content given as a function: the file system at once, memory when first read (once)', async () => {
    const { fm, root } = make();
    let calls = 0;
    const file = joinPath(root, 'state', '0', '1.delta');
    await fm.createAtomic(file, () => {
      calls++;
      return 'v1\n{"records":0}\n';
    });
    expect(calls).toBe(name === 'InMemoryCheckpointFileManager' ? 0 : 1);
    expect(fm.list(joinPath(root, 'state', '0'))).toEqual(['1.delta']);
    expect(fm.open(file)).toBe('v1\n{"records":0}\n');
    expect(fm.open(file)).toBe('v1\n{"records":0}\n');
    expect(calls).toBe(1);
  });

  it('creates files with their parent directories, reads them back, lists a directory', async () => {
    const { fm, root } = make();
    await fm.createAtomic(joinPath(root, 'offsets', '0'), 'v1\n{}\n');
    fm.createAtomicSync(joinPath(root, 'metadata'), 'v1\n{"id":"q"}\n');
    expect(fm.open(joinPath(root, 'offsets', '0'))).toBe('v1\n{}\n');
    expect(fm.open(joinPath(root, 'offsets', '1'))).toBeUndefined();
    expect(fm.list(root).sort()).toEqual(['metadata', 'offsets']);
    expect(fm.list(joinPath(root, 'offsets'))).toEqual(['0']);
    expect(fm.list(joinPath(root, 'missing'))).toEqual([]);
  });

  it('refuses to replace a file without overwrite (CHECKPOINT_CONCURRENT_WRITE), replaces it with overwrite', async () => {
    const { fm, root } = make();
    const file = joinPath(root, 'commits', '3');
    await fm.createAtomic(file, 'first\n');
    const err = await fm.createAtomic(file, 'second\n').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StreamlabError);
    expect((err as StreamlabError).code).toBe('CHECKPOINT_CONCURRENT_WRITE');
    expect(() => fm.createAtomicSync(file, 'second\n')).toThrow(/already exists/);
    expect(fm.open(file)).toBe('first\n');
    await fm.createAtomic(file, 'third\n', { overwrite: true });
    expect(fm.open(file)).toBe('third\n');
  });

  it('deletes files; deleting a missing one is fine', async () => {
    const { fm, root } = make();
    const file = joinPath(root, 'state', '0', '1.delta');
    await fm.createAtomic(file, 'x');
    await fm.delete(file);
    await fm.delete(file);
    expect(fm.open(file)).toBeUndefined();
    expect(fm.list(joinPath(root, 'state', '0'))).toEqual([]);
  });
});
