/**
 * A miniature query driven through FileCheckpoint exactly as the runner must drive it, killed at
 * every stage of every batch and restarted: the final state and the output (by batch id, as an
 * idempotent sink keeps it) must equal a run that never crashed.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WatermarkTracker } from '../watermark/tracker.js';
import { FileCheckpoint, type CheckpointableOperator } from './checkpoint.js';
import { shapeOf } from './query-shape.js';
import { useTempDirs } from '../node/test-dir.js';

const tempDir = useTempDirs();
const SHAPE = shapeOf(['source 0: rows', 'watermark 0: ts', 'stateful 0: Aggregate [key] [count AS n]']);
const DELAY = 10;

interface Row {
  key: string;
  ts: number;
}
// keys k0..k4 first, then k5..k7 only (so the first ones go idle and are evicted); every 4th row is 25 ms late
const INPUT: Row[] = Array.from({ length: 40 }, (_, i) => ({ key: `k${i < 20 ? (i * 7) % 5 : 5 + (i % 3)}`, ts: i * 3 - (i % 4 === 0 ? 25 : 0) }));

/** Count per key; rows at or behind the watermark are dropped; keys idle past the watermark are evicted. */
class CountOperator implements CheckpointableOperator {
  readonly operatorId = 0;
  counts = new Map<string, { n: number; lastTs: number }>();
  evicted = 0;
  dropped = 0;
  private changed = new Set<string>();
  private removed = new Set<string>();

  run(rows: readonly Row[], watermarkMs: number): { key: string; n: number; watermarkMs: number }[] {
    this.changed.clear();
    this.removed.clear();
    for (const r of rows) {
      if (r.ts <= watermarkMs) {
        this.dropped += 1;
        continue;
      }
      const s = this.counts.get(r.key);
      this.counts.set(r.key, { n: (s?.n ?? 0) + 1, lastTs: Math.max(s?.lastTs ?? Number.NEGATIVE_INFINITY, r.ts) });
      this.changed.add(r.key);
      this.removed.delete(r.key);
    }
    const out = [...this.changed].sort().map((key) => ({ key, n: this.counts.get(key)!.n, watermarkMs }));
    for (const [key, s] of this.counts) {
      if (s.lastTs + 5 <= watermarkMs) {
        this.counts.delete(key);
        this.changed.delete(key);
        this.removed.add(key);
        this.evicted += 1;
      }
    }
    return out;
  }

  stateChanges() {
    return { updated: [...this.changed].map((k) => [k, this.counts.get(k)] as const), removed: [...this.removed] };
  }

  snapshot() {
    return { entries: [...this.counts] };
  }

  restore(s: { entries: unknown[] }): void {
    this.counts = new Map(s.entries as [string, { n: number; lastTs: number }][]);
  }
}

type Stage = 'afterOffsets' | 'afterSink' | 'afterState' | 'afterCommit';
class Crash extends Error {}

/** Runs the query until the input is consumed or it "crashes" at `crashAt`. */
async function runQuery(dir: string, delivered: Map<number, unknown[]>, deliveries: number[], crashAt?: { batch: number; stage: Stage }, clockBase = 1_000) {
  const cp = FileCheckpoint.open(dir, { shape: SHAPE, snapshotEvery: 3, retainBatches: 4 });
  const plan = cp.recover();
  const op = new CountOperator();
  op.restore(cp.loadOperator(0, plan.stateVersion));
  const tracker = new WatermarkTracker([DELAY]);
  tracker.restore({ policy: 'min', ...plan.watermark });
  let start = (plan.startOffsets?.[0]?.offset as number | undefined) ?? 0;
  let replay = plan.replay;
  for (let batchId = plan.nextBatchId; replay || start < INPUT.length; batchId++) {
    const end = replay ? (replay.endOffsets[0]!.offset as number) : Math.min(INPUT.length, start + 4);
    const batchTimestampMs = replay ? replay.batchTimestampMs : clockBase + batchId;
    replay = undefined;
    await cp.writeOffsets(batchId, {
      batchWatermarkMs: tracker.watermarkMs,
      batchTimestampMs,
      inputWatermarksMs: tracker.toState().inputsMs,
      sources: [{ description: 'rows', offset: end }],
    });
    const crash = (stage: Stage) => {
      if (crashAt?.batch === batchId && crashAt.stage === stage) throw new Crash(`${stage} ${batchId}`);
    };
    crash('afterOffsets');
    const rows = INPUT.slice(start, end);
    const out = op.run(rows, tracker.watermarkMs).map((r) => ({ ...r, batchTimestampMs }));
    delivered.set(batchId, out); // an idempotent sink: a replayed batch id replaces its rows
    deliveries.push(batchId);
    crash('afterSink');
    const max = Math.max(...rows.map((r) => r.ts));
    tracker.update([rows.length ? { minMs: 0, maxMs: max, sumMs: 0, count: rows.length } : undefined]);
    await cp.persistState(batchId, [op]);
    crash('afterState');
    await cp.writeCommit(batchId, tracker.toState());
    if ((batchId + 1) % 3 === 0) await cp.purge(batchId);
    crash('afterCommit');
    start = end;
  }
  return { state: op.counts, watermarkMs: tracker.watermarkMs, checkpoint: cp, op };
}

const withoutTimestamps = (m: Map<number, unknown[]>) =>
  new Map([...m].map(([b, rows]) => [b, rows.map((r) => ({ ...(r as object), batchTimestampMs: undefined }))]));

describe('recovery of a query killed at any point', () => {
  it('ends with the same state and output as a run that never crashed, at every crash point', async () => {
    const cleanOut = new Map<number, unknown[]>();
    const clean = await runQuery(tempDir(), cleanOut, []);
    expect(cleanOut.size).toBe(10);
    expect(clean.state.size).toBeGreaterThan(0);
    expect(clean.op.evicted).toBeGreaterThan(0); // deltas carry removals
    expect(clean.op.dropped).toBeGreaterThan(0); // the watermark matters
    expect([...cleanOut.values()].flat().some((r) => (r as { watermarkMs: number }).watermarkMs > 0)).toBe(true);

    for (const stage of ['afterOffsets', 'afterSink', 'afterState', 'afterCommit'] as const) {
      for (const batch of [0, 1, 4, 5, 9]) {
        const dir = tempDir();
        const out = new Map<number, unknown[]>();
        const deliveries: number[] = [];
        await expect(runQuery(dir, out, deliveries, { batch, stage })).rejects.toBeInstanceOf(Crash);
        const replayed = stage === 'afterSink' || stage === 'afterState' ? out.get(batch) : undefined;
        // the restarted process has another clock: only a replayed batch keeps its recorded timestamp
        const resumed = await runQuery(dir, out, deliveries, undefined, 5_000);
        expect(resumed.state, `${stage} ${batch}`).toEqual(clean.state);
        expect(resumed.watermarkMs).toBe(clean.watermarkMs);
        expect(withoutTimestamps(out), `${stage} ${batch}`).toEqual(withoutTimestamps(cleanOut));
        // a batch the sink saw before the crash is delivered again with the same rows (same watermark, same timestamp)
        if (replayed) {
          expect(deliveries.filter((b) => b === batch)).toHaveLength(2);
          expect(out.get(batch)).toEqual(replayed);
        } else {
          expect(new Set(deliveries).size).toBe(deliveries.length);
        }
      }
    }
  });

  it('restarting a finished query resumes after its last batch with nothing to do', async () => {
    const dir = tempDir();
    await runQuery(dir, new Map(), []);
    const deliveries: number[] = [];
    const again = await runQuery(dir, new Map(), deliveries);
    expect(deliveries).toEqual([]);
    const plan = again.checkpoint.recover();
    expect(plan).toMatchObject({ kind: 'resume', lastCommittedBatchId: 9, nextBatchId: 10, stateVersion: 10 });
    // retention: the last purge ran after batch 8 and kept 4 batches (5..8), then batch 9 came
    expect(again.checkpoint.offsets.batchIds()).toEqual([5, 6, 7, 8, 9]);
    await again.checkpoint.purge(9);
    expect(again.checkpoint.offsets.batchIds()).toEqual([6, 7, 8, 9]);
    expect(again.checkpoint.commits.batchIds()).toEqual([6, 7, 8, 9]);
    const loaded = [7, 8, 9, 10].map((v) => again.checkpoint.loadOperator(0, v).entries.length);
    expect(loaded.every((n) => n > 0)).toBe(true);
    expect(new Map(again.checkpoint.loadOperator(0, 10).entries as [string, unknown][])).toEqual(again.state);
  });

  it('writes the Spark layout', async () => {
    const dir = tempDir();
    const { checkpoint } = await runQuery(dir, new Map(), []);
    expect(checkpoint.dir).toBe(dir);
    expect(checkpoint.commits.pathOf(9)).toBe(join(dir, 'commits', '9'));
    expect(checkpoint.state.operatorIds()).toEqual([0]);
    expect(checkpoint.state.files(0).listing().snapshots).toContain(9);
  });
});
