import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Offset, Source } from '../ports.js';
import { FileSystemCheckpointFileManager } from '../node/file-system-checkpoint-file-manager.js';
import { fileInitialOffsets, memoryInitialOffsets, settleInitialOffsets } from './source-initial-offsets.js';

const fs = new FileSystemCheckpointFileManager();

/** A source whose start moves on every resolution (as `latest` does while records arrive). */
function movingStart(): Source<unknown> & { resolved: number; restored: Offset[] } {
  return {
    description: 'moving',
    resolved: 0,
    restored: [],
    initialOffset() {
      this.resolved += 1;
      return { p0: this.resolved * 10 };
    },
    restoreInitialOffset(o) {
      this.restored.push(o);
    },
    latestOffset: () => null,
    getBatch: () => [],
  };
}

describe('settleInitialOffsets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'streamlab-initial-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('resolves once, writes sources/<i>/0, and hands the recorded value back on restart', async () => {
    const first = movingStart();
    await settleInitialOffsets([first], [null], fileInitialOffsets(dir, fs));
    expect(first.resolved).toBe(1);
    expect(readFileSync(join(dir, 'sources', '0', '0'), 'utf8')).toMatch(/^v1\n[\s\S]*"p0": 10/);
    const restarted = movingStart();
    await settleInitialOffsets([restarted], [null], fileInitialOffsets(dir, fs));
    expect(restarted.resolved).toBe(0);
    expect(restarted.restored).toEqual([{ p0: 10 }]);
  });

  it('leaves sources that committed a batch, or do not resolve their start, alone', async () => {
    const committed = movingStart();
    await settleInitialOffsets([committed], [{ p0: 3 }], memoryInitialOffsets({}));
    expect([committed.resolved, committed.restored]).toEqual([0, []]);
    const plain: Source<unknown> = { description: 'plain', latestOffset: () => null, getBatch: () => [] };
    await expect(settleInitialOffsets([plain], [null], memoryInitialOffsets({}))).resolves.toBeUndefined();
  });

  it('keeps the in-memory record by description', async () => {
    const saved: Record<string, Offset> = {};
    await settleInitialOffsets([movingStart()], [null], memoryInitialOffsets(saved));
    expect(saved).toEqual({ moving: { p0: 10 } });
    const again = movingStart();
    await settleInitialOffsets([again], [null], memoryInitialOffsets(saved));
    expect(again.restored).toEqual([{ p0: 10 }]);
  });

  it('a corrupt sources/<i>/0 is an error naming the file', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'streamlab-initial-bad-'));
    mkdirSync(join(bad, 'sources', '0'), { recursive: true });
    writeFileSync(join(bad, 'sources', '0', '0'), 'v1\n{"offset":');
    await expect(settleInitialOffsets([movingStart()], [null], fileInitialOffsets(bad, fs))).rejects.toThrow(/sources\/0\/0/);
    rmSync(bad, { recursive: true, force: true });
  });
});
