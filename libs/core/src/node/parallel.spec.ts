/**
 * `runParallel` on real threads: the workers' rows together are what one query over all the input
 * gives, a worker's failure reaches the caller with its code and hint, and a checkpoint keeps its
 * worker count.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StreamingSession } from '../query/session.js';
import { MemoryStream } from '../sources/memory-stream.js';
import { type FixtureData, windowCounts } from './fixtures/parallel-counts.js';
import { runParallel } from './parallel.js';
import { useTempDirs } from './test-dir.js';

const tempDir = useTempDirs();
const FIXTURE = new URL('./fixtures/parallel-counts.ts', import.meta.url);

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : []);

describe('runParallel', () => {
  it('two threads give the rows of one query over all the input', async () => {
    const out = tempDir();
    const data: FixtureData = { out, keys: 7, rows: 300 };
    const q = runParallel({ module: FIXTURE, workers: 2, data });
    const batches: number[] = [0, 0];
    q.onProgress((_p, worker) => batches[worker]!++);
    await q.started;
    await q.awaitTermination();
    const parallel = [...lines(join(out, 'worker-0.jsonl')), ...lines(join(out, 'worker-1.jsonl'))].sort();
    expect(lines(join(out, 'worker-0.jsonl')).length).toBeGreaterThan(0);
    expect(lines(join(out, 'worker-1.jsonl')).length).toBeGreaterThan(0);
    // Both workers ran the same number of batches: every batch is a round of both.
    expect(batches[0]).toBe(batches[1]);

    const session = new StreamingSession();
    const all = new MemoryStream<{ key: string; ts: number }>({ name: 'events' });
    const whole = Array.from({ length: data.rows }, (_, i) => i);
    const single: string[] = [];
    const one = windowCounts(all, whole, data.keys, (rows) => void single.push(...rows.map((r) => JSON.stringify(r))))
      .session(session)
      .start();
    await one.awaitTermination();
    expect(parallel).toEqual(single.sort());
  });

  it("a worker's failure ends the query with its code and hint", async () => {
    const q = runParallel({ module: FIXTURE, workers: 2, data: { out: tempDir(), keys: 3, rows: 10, unpartitioned: true } satisfies FixtureData });
    await expect(q.awaitTermination()).rejects.toMatchObject({ code: 'PARALLEL_NOT_PARTITIONED', hint: expect.stringContaining('partitionedBy') });
    await expect(q.started).rejects.toBeDefined();
  });

  it('a checkpoint keeps its worker count; a missing module is named', async () => {
    const cp = tempDir();
    const q = runParallel({ module: FIXTURE, workers: 2, checkpointLocation: cp, data: { out: tempDir(), keys: 3, rows: 30 } satisfies FixtureData });
    await q.awaitTermination();
    expect(() => runParallel({ module: FIXTURE, workers: 3, checkpointLocation: cp })).toThrow(
      expect.objectContaining({ code: 'PARALLEL_WORKERS_CHANGED', hint: expect.stringContaining('workers: 2') }),
    );
    expect(() => runParallel({ module: '/nowhere/query.ts', workers: 2 })).toThrow(expect.objectContaining({ code: 'PARALLEL_NO_MODULE' }));
    expect(() => runParallel({ module: FIXTURE, workers: 0 })).toThrow(expect.objectContaining({ code: 'PARALLEL_BAD_WORKERS' }));
  });
});
