/**
 * The engine's own window aggregation (multi-column keys, HyperLogLog and max buffers, update
 * mode) persisted through FileCheckpoint with deltas and snapshots, then restored into a freshly
 * compiled plan halfway: the rest of the run must emit exactly what an uninterrupted run emits.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { approxCountDistinct } from '../aggregates/approx-count-distinct.js';
import { count } from '../aggregates/count.js';
import { max } from '../aggregates/min-max.js';
import { BatchRun } from '../exec/batch-run.js';
import { compilePlan, type CompiledPlan } from '../plan/compile.js';
import type { Logger } from '../ports.js';
import { MemoryStream } from '../sources/memory-stream.js';
import { WatermarkTracker } from '../watermark/tracker.js';
import { window } from '../window/window.js';
import { FileCheckpoint } from './checkpoint.js';
import { decodeRecords } from './log-format.js';
import { queryShape } from './query-shape.js';
import { useTempDirs } from '../node/test-dir.js';

const tempDir = useTempDirs();
const silent: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

interface Click {
  ts: number;
  user: string;
  page: string;
  session: string;
  amount: number;
}
const clicks = new MemoryStream<Click>('clicks');
const plan = clicks
  .toStream()
  .withWatermark('ts', '10 seconds')
  .groupBy(window('ts', '10 seconds'), 'user', 'page')
  .agg({ n: count(), sessions: approxCountDistinct('session'), top: max('amount') }).plan;

/** 12 batches of 50 clicks, time moving forward with some disorder, so windows open, update and get evicted. */
const BATCHES: Click[][] = Array.from({ length: 12 }, (_, b) =>
  Array.from({ length: 50 }, (_, i) => ({
    ts: b * 4_000 + ((i * 37) % 9_000) - 3_000,
    user: `u${(i * 7 + b) % 4}`,
    page: `/p${i % 3}`,
    session: `s${(i * 13 + b * 5) % 17}`,
    amount: (i * 31 + b * 11) % 100,
  })),
);

async function runBatches(compiled: CompiledPlan, tracker: WatermarkTracker, cp: FileCheckpoint, from: number, to: number): Promise<unknown[][]> {
  const outputs: unknown[][] = [];
  for (let b = from; b < to; b++) {
    await cp.writeOffsets(b, {
      batchWatermarkMs: tracker.watermarkMs,
      batchTimestampMs: b,
      inputWatermarksMs: tracker.toState().inputsMs,
      sources: [{ description: clicks.description, offset: (b + 1) * 50 }],
    });
    const run = new BatchRun({
      batchId: b,
      watermarkMs: tracker.watermarkMs,
      inputWatermarksMs: tracker.inputWatermarksMs(),
      batchTimestampMs: b,
      outputMode: 'update',
      isNoDataBatch: false,
      inputs: [BATCHES[b]!],
      logger: silent,
      watermarkCount: compiled.watermarkDelaysMs.length,
    });
    outputs.push(compiled.root.execute(run));
    for (const op of compiled.stateful) op.commit(b);
    tracker.update(run.stats);
    await cp.commitBatch(b, compiled.stateful, tracker.toState());
  }
  return outputs;
}

describe('the window aggregation through a checkpoint', () => {
  it('resumes from snapshot + deltas and emits what an uninterrupted run emits', async () => {
    const options = { shape: queryShape(plan), snapshotEvery: 4, retainBatches: 3 };
    const whole = compilePlan(plan);
    expect(whole.stateful).toHaveLength(1);
    expect(typeof whole.stateful[0]!.stateChanges).toBe('function');
    const expected = await runBatches(whole, new WatermarkTracker(whole.watermarkDelaysMs), FileCheckpoint.open(tempDir(), options), 0, 12);
    expect(expected.flat().length).toBeGreaterThan(0);

    const dir = tempDir();
    const first = compilePlan(plan);
    const head = await runBatches(first, new WatermarkTracker(first.watermarkDelaysMs), FileCheckpoint.open(dir, options), 0, 7);
    expect(head).toEqual(expected.slice(0, 7));

    // a new process: compile again, recover, restore, carry on
    const cp = FileCheckpoint.open(dir, options);
    const again = compilePlan(plan);
    const recovery = cp.recover(again.stateful.map((op) => op.operatorId));
    expect(recovery).toMatchObject({ kind: 'resume', nextBatchId: 7, stateVersion: 7 });
    expect(cp.state.files(0).listing().snapshots).toContain(4); // version 7 = snapshot 4 + deltas 5..7
    const tracker = new WatermarkTracker(again.watermarkDelaysMs);
    tracker.restore({ policy: tracker.policy, ...recovery.watermark });
    for (const op of again.stateful) op.restore(cp.loadOperator(op.operatorId, recovery.stateVersion));
    expect(canonical(again.stateful[0]!.snapshot().entries)).toEqual(canonical(first.stateful[0]!.snapshot().entries));

    const tail = await runBatches(again, tracker, cp, 7, 12);
    expect(tail.flat().length).toBeGreaterThan(0);
    expect(tail).toEqual(expected.slice(7));
    // the deltas carried evictions (windows the watermark passed), not only updates
    const files = cp.state.files(0);
    const removals = files
      .listing()
      .deltas.flatMap((v) => decodeRecords(files.pathOf(v, 'delta'), readFileSync(files.pathOf(v, 'delta'), 'utf8')).records)
      .filter((r) => Array.isArray(r) && r.length === 1); // a remove is [key]
    expect(removals.length).toBeGreaterThan(0);
  });
});

function canonical(entries: unknown[]): string[] {
  return entries.map((e) => JSON.stringify(e, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Uint8Array) : v))).sort();
}
