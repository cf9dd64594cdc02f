/**
 * Test harness for snapshot/restore: runs a query over scripted batches, optionally stopping it
 * after some batch and starting a new query from the checkpoint (a `memory:` location in the
 * session, or a directory on disk: Spark's layout either way, state written per batch through the
 * state codec), and returns every batch's output and retractions. Comparing a run with a restart
 * against an uninterrupted run is the restore test of each operator.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../../node/register.js';
import type { CheckpointFileManager } from '../../../checkpoint/file-manager.js';
import { defaultCheckpointFileManager } from '../../../checkpoint/file-manager-registry.js';
import { joinPath } from '../../../checkpoint/paths.js';
import type { OutputMode, BatchInfo, Sink } from '../../../ports.js';
import { StreamingSession } from '../../../query/session.js';
import type { Stream } from '../../../stream/stream.js';
import type { TriggerOptions } from '../../../query/trigger.js';
import { ManualClock } from '../../../testing/manual-clock.js';

export interface BatchOutput {
  batchId: number;
  rows: unknown[];
  removed: unknown[];
}

class RecordingSink implements Sink<unknown> {
  readonly description = 'RecordingSink';
  readonly batches: BatchOutput[] = [];

  addBatch(rows: readonly unknown[], info: BatchInfo): void {
    if (this.batches.some((b) => b.batchId === info.batchId)) return;
    this.batches.push({ batchId: info.batchId, rows: rows.slice(), removed: info.removed.slice() });
  }
}

export interface Step {
  /** Rows to add to each input (by index) before processing. */
  add?: unknown[][];
  /** Advance the manual clock by this many ms before processing. */
  advanceMs?: number;
}

export interface RestartRun {
  batches: BatchOutput[];
  /** The ids of the batches `commits/` holds at the end (every batch, unless purged). */
  committedBatchIds: number[];
  /** Where the checkpoint is: its file manager and location. */
  checkpoint: { fileManager: CheckpointFileManager; location: string };
}

/** A fresh temporary directory for a file checkpoint (removed by `removeDir`). */
export function tempCheckpointDir(): string {
  return mkdtempSync(join(tmpdir(), 'streamlab-op-restore-'));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * @example
 * const plain = await runWithRestart(build, [input], steps, { outputMode: 'append' });
 * const restarted = await runWithRestart(build, [input2], steps, { outputMode: 'append', restartAfterStep: 2 });
 * expect(restarted.batches).toEqual(plain.batches);
 */
export async function runWithRestart(
  stream: Stream<unknown>,
  inputs: { addData(rows: unknown[]): unknown }[],
  steps: readonly Step[],
  opts: {
    outputMode: OutputMode;
    restartAfterStep?: number;
    trigger?: TriggerOptions;
    clock?: ManualClock;
    /** Checkpoint to this directory on disk instead of a `memory:` location of the session. */
    checkpointDir?: string;
  },
): Promise<RestartRun> {
  const clock = opts.clock ?? new ManualClock(0);
  const session = new StreamingSession({ clock });
  const sink = new RecordingSink();
  const location = opts.checkpointDir ?? 'memory:restart-harness';
  let writer = stream.writeStream.outputMode(opts.outputMode).sink(sink).option('checkpointLocation', location).session(session);
  if (opts.trigger) writer = writer.trigger(opts.trigger);
  let query = writer.start();
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    step.add?.forEach((rows, j) => {
      if (rows.length > 0) inputs[j]!.addData(rows);
    });
    if (step.advanceMs) clock.advance(step.advanceMs);
    await query.processAllAvailable();
    if (opts.restartAfterStep === i) {
      await query.stop();
      query = writer.start();
    }
  }
  await query.stop();
  if (query.exception) throw query.exception;
  const fileManager = opts.checkpointDir === undefined ? session.memoryCheckpoints : defaultCheckpointFileManager(location);
  const committedBatchIds = fileManager
    .list(joinPath(location, 'commits'))
    .filter((n) => /^\d+$/.test(n))
    .map(Number)
    .sort((a, b) => a - b);
  return { batches: sink.batches, committedBatchIds, checkpoint: { fileManager, location } };
}
