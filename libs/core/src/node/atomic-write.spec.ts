import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { StreamlabError } from '../errors.js';
import { isTempFile } from '../checkpoint/file-manager.js';
import { useTempDirs } from './test-dir.js';
import { writeFileAtomic, writeFileAtomicSync } from './atomic-write.js';
import { FileSystemCheckpointFileManager } from './file-system-checkpoint-file-manager.js';

const tempDir = useTempDirs();

describe('writeFileAtomic', () => {
  it('writes the whole content, creating the directory, and leaves no temp file', async () => {
    const dir = join(tempDir(), 'offsets');
    await writeFileAtomic(join(dir, '0'), 'v1\n{}\n');
    expect(readFileSync(join(dir, '0'), 'utf8')).toBe('v1\n{}\n');
    expect(readdirSync(dir)).toEqual(['0']);
  });

  it('never replaces an existing file without overwrite: the second writer gets CHECKPOINT_CONCURRENT_WRITE', async () => {
    const file = join(tempDir(), '3');
    await writeFileAtomic(file, 'first\n');
    const err = await writeFileAtomic(file, 'second\n').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StreamlabError);
    expect((err as StreamlabError).code).toBe('CHECKPOINT_CONCURRENT_WRITE');
    expect((err as StreamlabError).message).toContain(file);
    expect(readFileSync(file, 'utf8')).toBe('first\n');
  });

  it('of two simultaneous writers of one name, exactly one wins and the file is one of them whole', async () => {
    const dir = tempDir();
    const file = join(dir, '5');
    const a = `${'a'.repeat(100_000)}\n`;
    const b = `${'b'.repeat(100_000)}\n`;
    const results = await Promise.allSettled([writeFileAtomic(file, a), writeFileAtomic(file, b)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((rejected.reason as StreamlabError).code).toBe('CHECKPOINT_CONCURRENT_WRITE');
    expect([a, b]).toContain(readFileSync(file, 'utf8'));
    expect(readdirSync(dir).filter(isTempFile)).toEqual([]);
  });

  it('replaces a file with overwrite, atomically', async () => {
    const file = join(tempDir(), '7.delta');
    await writeFileAtomic(file, 'old\n', { overwrite: true });
    await writeFileAtomic(file, 'new\n', { overwrite: true });
    expect(readFileSync(file, 'utf8')).toBe('new\n');
  });

  it('leaves the previous file intact when a temp file of an interrupted write is lying next to it', async () => {
    const dir = tempDir();
    const file = join(dir, '2');
    await writeFileAtomic(file, 'v1\n{"ok":true}\n');
    writeFileSync(join(dir, '.2.deadbeef0000.tmp'), 'v1\n{"ok":'); // what a crash mid-write leaves
    expect(readFileSync(file, 'utf8')).toBe('v1\n{"ok":true}\n');
    expect(isTempFile('.2.deadbeef0000.tmp')).toBe(true);
    expect(isTempFile('2')).toBe(false);
  });

  it('reports an unwritable location as CHECKPOINT_IO naming the file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'blocker'), 'a file, not a directory');
    const err = await writeFileAtomic(join(dir, 'blocker', '0'), 'x\n').catch((e: unknown) => e);
    expect((err as StreamlabError).code).toBe('CHECKPOINT_IO');
    expect((err as StreamlabError).message).toContain(join(dir, 'blocker', '0'));
  });

  it('fsyncs the file and its directory by default, and not at all with fsync: false (also through the file manager)', async () => {
    const dir = tempDir();
    const probe = await open(join(dir, 'probe'), 'w');
    const sync = vi.spyOn(Object.getPrototypeOf(probe) as { sync(): Promise<void> }, 'sync');
    await probe.close();
    try {
      await writeFileAtomic(join(dir, 'offsets', '0'), 'durable\n');
      expect(sync.mock.calls.length).toBeGreaterThanOrEqual(3); // the new directory's parent, the file, the directory
      sync.mockClear();
      await writeFileAtomic(join(dir, 'offsets', '1'), 'fast\n', { fsync: false });
      await new FileSystemCheckpointFileManager({ fsync: false }).createAtomic(join(dir, 'commits', '1'), 'fast\n');
      expect(sync).not.toHaveBeenCalled();
      await new FileSystemCheckpointFileManager().createAtomic(join(dir, 'commits', '2'), 'durable\n');
      expect(sync).toHaveBeenCalled();
      expect(readFileSync(join(dir, 'offsets', '1'), 'utf8')).toBe('fast\n');
      expect(readFileSync(join(dir, 'commits', '1'), 'utf8')).toBe('fast\n');
      expect(readdirSync(join(dir, 'commits'))).toEqual(['1', '2']);
    } finally {
      sync.mockRestore();
    }
  });

  it('has a synchronous twin with the same guarantees', () => {
    const dir = tempDir();
    const file = join(dir, 'metadata');
    writeFileAtomicSync(file, 'v1\n{}\n');
    expect(readFileSync(file, 'utf8')).toBe('v1\n{}\n');
    let code: string | undefined;
    try {
      writeFileAtomicSync(file, 'v1\n{"other":1}\n');
    } catch (e) {
      code = (e as StreamlabError).code;
    }
    expect(code).toBe('CHECKPOINT_CONCURRENT_WRITE');
    expect(readFileSync(file, 'utf8')).toBe('v1\n{}\n');
    writeFileAtomicSync(file, 'v1\n{"replaced":1}\n', { overwrite: true });
    expect(readFileSync(file, 'utf8')).toBe('v1\n{"replaced":1}\n');
    expect(readdirSync(dir)).toEqual(['metadata']);
  });
});
