import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StreamlabError } from '../errors.js';
import { commitEntrySchema, offsetEntrySchema, type OffsetEntry } from './entries.js';
import { MetadataLog } from './metadata-log.js';
import { useTempDirs } from '../node/test-dir.js';

const tempDir = useTempDirs();

const entry = (n: number): OffsetEntry => ({
  batchWatermarkMs: n * 1000,
  batchTimestampMs: 1_700_000_000_000 + n,
  inputWatermarksMs: [n === 0 ? null : n * 1000],
  sources: [{ description: 'MemoryStream[tx]', offset: n }],
});

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<StreamlabError> {
  try {
    if (typeof p === 'function') p();
    else await p;
  } catch (e) {
    expect(e).toBeInstanceOf(StreamlabError);
    return e as StreamlabError;
  }
  throw new Error('expected an error');
}

describe('MetadataLog', () => {
  it('adds, reads back, lists in numeric order and finds the latest', async () => {
    const log = new MetadataLog(join(tempDir(), 'offsets'), offsetEntrySchema);
    for (const n of [0, 1, 2, 10]) await log.add(n, entry(n));
    expect(log.batchIds()).toEqual([0, 1, 2, 10]);
    expect(log.get(2)).toEqual(entry(2));
    expect(log.get(3)).toBeUndefined();
    expect(log.latest()).toEqual({ batchId: 10, entry: entry(10) });
  });

  it('is empty for a directory that does not exist yet', () => {
    const log = new MetadataLog(join(tempDir(), 'commits'), commitEntrySchema);
    expect(log.batchIds()).toEqual([]);
    expect(log.latest()).toBeUndefined();
  });

  it('refuses to write a batch id twice (a second query on the same checkpoint)', async () => {
    const dir = join(tempDir(), 'offsets');
    const mine = new MetadataLog(dir, offsetEntrySchema);
    const theirs = new MetadataLog(dir, offsetEntrySchema);
    await mine.add(4, entry(4));
    const err = await codeOf(theirs.add(4, entry(5)));
    expect(err.code).toBe('CHECKPOINT_CONCURRENT_WRITE');
    expect(err.hint).toMatch(/same checkpointLocation/);
    expect(mine.get(4)).toEqual(entry(4));
  });

  it('detects two writers racing for the same batch id', async () => {
    const dir = join(tempDir(), 'offsets');
    const results = await Promise.allSettled([0, 1, 2].map((i) => new MetadataLog(dir, offsetEntrySchema).add(7, entry(i))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => ((r as PromiseRejectedResult).reason as StreamlabError).code)).toEqual([
      'CHECKPOINT_CONCURRENT_WRITE',
      'CHECKPOINT_CONCURRENT_WRITE',
    ]);
  });

  it('ignores temp files of interrupted writes and other names when listing', async () => {
    const dir = join(tempDir(), 'offsets');
    const log = new MetadataLog(dir, offsetEntrySchema);
    await log.add(0, entry(0));
    writeFileSync(join(dir, '.1.0a1b2c3d4e5f.tmp'), 'v1\n{"batchWat');
    writeFileSync(join(dir, 'README'), 'notes');
    writeFileSync(join(dir, '01'), 'not a batch id');
    expect(log.batchIds()).toEqual([0]);
    expect(log.latest()?.entry).toEqual(entry(0));
  });

  it('reports a truncated file by name instead of treating the batch as absent', async () => {
    const dir = join(tempDir(), 'offsets');
    const log = new MetadataLog(dir, offsetEntrySchema);
    await log.add(0, entry(0));
    writeFileSync(join(dir, '1'), 'v1\n{\n  "batchWatermarkMs": 1000,\n');
    const err = await codeOf(() => log.latest());
    expect(err.code).toBe('CHECKPOINT_CORRUPT');
    expect(err.message).toContain(join(dir, '1'));
    expect((err.value as { file: string }).file).toBe(join(dir, '1'));
  });

  it('reports a file with a wrong field by name and field', async () => {
    const dir = join(tempDir(), 'commits');
    const log = new MetadataLog(dir, commitEntrySchema);
    await log.add(0, { nextBatchWatermarkMs: 0, nextInputWatermarksMs: [] });
    writeFileSync(join(dir, '1'), 'v1\n{"nextBatchWatermarkMs":"soon","nextInputWatermarksMs":[]}\n');
    const err = await codeOf(() => log.get(1));
    expect(err.message).toContain('at "nextBatchWatermarkMs"');
  });

  it('refuses to write an entry it could not read back', async () => {
    const log = new MetadataLog(join(tempDir(), 'offsets'), offsetEntrySchema);
    const bad = { ...entry(0), batchWatermarkMs: Number.NaN };
    expect((await codeOf(log.add(0, bad))).code).toBe('CHECKPOINT_CORRUPT');
    expect(log.batchIds()).toEqual([]);
    expect((await codeOf(log.add(-1, entry(0)))).code).toBe('CHECKPOINT_BAD_BATCH_ID');
  });

  it('purges batch ids below a threshold and temp files of interrupted writes', async () => {
    const dir = join(tempDir(), 'offsets');
    const log = new MetadataLog(dir, offsetEntrySchema);
    for (let n = 0; n < 6; n++) await log.add(n, entry(n));
    writeFileSync(join(dir, '.6.0a1b2c3d4e5f.tmp'), 'v1\n{');
    expect(await log.purge(4)).toEqual([0, 1, 2, 3]);
    expect(log.batchIds()).toEqual([4, 5]);
    expect(readdirSync(dir).sort()).toEqual(['4', '5']);
  });
});
