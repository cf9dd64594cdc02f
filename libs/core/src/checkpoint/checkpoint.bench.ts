/**
 * The checkpoint's cost per batch and per restart, each against a naive baseline measured in the
 * same run on the same disk:
 *
 * - `core.checkpoint.commit.1k-key-delta`: `writeOffsets` + `commitBatch` of a batch that changed
 *   1,000 aggregation groups (atomic + durable: temp file, fsync, rename/link, dir fsync), against
 *   writing the same three texts with plain `writeFile` (neither atomic nor durable).
 * - `core.checkpoint.load.100k-keys`: rebuilding an operator's state of 100,000 groups from a
 *   snapshot plus 9 deltas, against `JSON.parse` of one file holding the final entries.
 *
 * Env: BENCH_BATCHES (default 200) scales the first workload.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import '../node/register.js'; // the file-system CheckpointFileManager: this bench measures the disk
import { FileCheckpoint, type CheckpointableOperator } from './checkpoint.js';
import { encodeDocument, encodeRecords } from './log-format.js';
import { shapeOf } from './query-shape.js';

const root = mkdtempSync(join(tmpdir(), 'streamlab-cp-bench-'));
const shape = shapeOf(['source 0: bench', 'watermark 0: ts', 'stateful 0: Aggregate [window(ts), key] [count AS n, sum(v) AS total]']);
const round2 = (x: number) => Math.round(x * 100) / 100;

function groups(batch: number, n: number, keys: number): [unknown, unknown][] {
  const out: [unknown, unknown][] = new Array(n);
  for (let i = 0; i < n; i++)
    out[i] = [
      [60_000 * batch, `key-${(batch * 7919 + i) % keys}`],
      [i + batch, (i + batch) * 1.5],
    ];
  return out;
}

async function commitWorkload(batches: number): Promise<void> {
  const cp = FileCheckpoint.open(join(root, 'commit'), { shape, snapshotEvery: 10, retainBatches: 20 });
  cp.recover();
  const baseDir = join(root, 'baseline');
  await mkdir(join(baseDir, 'offsets'), { recursive: true });
  await mkdir(join(baseDir, 'commits'), { recursive: true });
  await mkdir(join(baseDir, 'state'), { recursive: true });
  let changes: [unknown, unknown][] = [];
  const op: CheckpointableOperator = {
    operatorId: 0,
    snapshot: () => ({ entries: changes }),
    stateChanges: () => ({ updated: changes, removed: [] }),
  };
  let engineMs = 0;
  let baselineMs = 0;
  for (let b = 0; b < batches; b++) {
    changes = groups(b, 1000, 50_000);
    const offsets = {
      batchWatermarkMs: b * 1000,
      batchTimestampMs: b,
      inputWatermarksMs: [b * 1000],
      sources: [{ description: 'bench', offset: { p0: b * 1000, p1: b * 990 } }],
    };
    const t0 = performance.now();
    await writeFile(join(baseDir, 'offsets', String(b)), encodeDocument(offsets));
    await writeFile(
      join(baseDir, 'state', `${b + 1}.delta`),
      encodeRecords(
        { version: b + 1 },
        changes.map((c) => ({ put: c })),
      ),
    );
    await writeFile(join(baseDir, 'commits', String(b)), encodeDocument({ nextBatchWatermarkMs: b * 1000 }));
    const t1 = performance.now();
    await cp.writeOffsets(b, offsets);
    await cp.commitBatch(b, [op], { watermarkMs: (b + 1) * 1000, inputsMs: [(b + 1) * 1000] });
    const t2 = performance.now();
    baselineMs += t1 - t0;
    engineMs += t2 - t1;
  }
  const batchesPerSec = Math.round(batches / (engineMs / 1000));
  const baselineBatchesPerSec = Math.round(batches / (baselineMs / 1000));
  print({
    workload: 'core.checkpoint.commit.1k-key-delta',
    batches,
    batchesPerSec,
    baselineBatchesPerSec,
    ratio: round2(batchesPerSec / baselineBatchesPerSec),
    msPerBatch: round2(engineMs / batches),
  });
}

async function loadWorkload(): Promise<void> {
  const cp = FileCheckpoint.open(join(root, 'load'), { shape, snapshotEvery: 10 });
  cp.recover();
  const all = new Map<string, unknown>();
  let changes: [unknown, unknown][] = [];
  const op: CheckpointableOperator = {
    operatorId: 0,
    snapshot: () => ({ entries: [...all].map(([k, v]) => [JSON.parse(k), v]) }),
    stateChanges: () => ({ updated: changes, removed: [] }),
  };
  for (let b = 0; b < 19; b++) {
    // 10 batches create 100,000 groups; the next 9 update 1,000 of them each (deltas over snapshot 10)
    changes = b < 10 ? groups(b, 10_000, 100_000) : groups(b % 10, 1_000, 100_000);
    for (const [k, v] of changes) all.set(JSON.stringify(k), v);
    await cp.writeOffsets(b, { batchWatermarkMs: 0, batchTimestampMs: b, inputWatermarksMs: [null], sources: [{ description: 'bench', offset: b }] });
    await cp.commitBatch(b, [op], { watermarkMs: 0, inputsMs: [null] });
  }
  const final = [...all].map(([k, v]) => [JSON.parse(k), v]);
  const baselineFile = join(root, 'final.json');
  await writeFile(baselineFile, JSON.stringify(final));
  const t0 = performance.now();
  const parsed = JSON.parse(await readFile(baselineFile, 'utf8')) as unknown[];
  const t1 = performance.now();
  const loaded = cp.loadOperator(0, 19);
  const t2 = performance.now();
  if (loaded.entries.length !== parsed.length) throw new Error(`loaded ${loaded.entries.length} entries, expected ${parsed.length}`);
  const keysPerSec = Math.round(loaded.entries.length / ((t2 - t1) / 1000));
  const baselineKeysPerSec = Math.round(parsed.length / ((t1 - t0) / 1000));
  print({
    workload: 'core.checkpoint.load.100k-keys',
    keys: loaded.entries.length,
    deltasApplied: 9,
    loadMs: Math.round(t2 - t1),
    keysPerSec,
    baselineKeysPerSec,
    ratio: round2(keysPerSec / baselineKeysPerSec),
  });
}

function print(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

try {
  await commitWorkload(Number(process.env.BENCH_BATCHES ?? 200));
  await loadWorkload();
} finally {
  rmSync(root, { recursive: true, force: true });
}
