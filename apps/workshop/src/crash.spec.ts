import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crashBeforeCommit } from './crash.js';

const dir = mkdtempSync(join(tmpdir(), 'workshop-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('crashBeforeCommit', () => {
  it('fails the first commits/N write the condition allows, once; every other write goes through', async () => {
    let allow = false;
    const fm = crashBeforeCommit(dir, (path) => allow && path.endsWith('commits/1'));
    await fm.createAtomic(join(dir, 'offsets/0'), 'v1\n{}');
    await fm.createAtomic(join(dir, 'commits/0'), 'v1\n{}');
    allow = true;
    await fm.createAtomic(join(dir, 'offsets/1'), 'v1\n{}');
    expect(fm.crashed).toBe(false);
    await expect(fm.createAtomic(join(dir, 'commits/1'), 'v1\n{}')).rejects.toThrow('simulated crash: the process died before writing commits/1');
    expect(fm.crashedAt).toBe('commits/1');
    expect(fm.open(join(dir, 'commits/1'))).toBeUndefined();
    // A restart writes it (the crash happens once).
    await fm.createAtomic(join(dir, 'commits/1'), 'v1\n{}');
    expect(fm.list(join(dir, 'commits')).sort()).toEqual(['0', '1']);
  });
});
