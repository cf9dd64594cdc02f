/**
 * Runs one micro-batch: read each source's `(committed, latest]`, execute the plan with the
 * watermark computed after the previous batch, hand the rows to the sink (and side outputs),
 * commit state and sources, move the watermark, report progress.
 */
import { StreamlabError } from '../errors.js';
import { BatchRun } from '../exec/batch-run.js';
import { lateBatchInfo } from '../exec/late.js';
import type { Offset } from '../ports.js';
import type { StateOperatorProgress } from '../progress.js';
import type { WatermarkTracker } from '../watermark/tracker.js';
import type { RunnerConfig } from './runner-config.js';
import { buildProgress } from './progress-builder.js';
import type { BatchCheckpoint, ResumePoint } from './query-checkpoint.js';
import { memoryInitialOffsets, settleInitialOffsets } from './source-initial-offsets.js';

const same = (a: Offset | null, b: Offset | null): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Resolves after pending I/O callbacks (`setImmediate` where there is one). */
const nextTurn = (): Promise<void> => new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

export class BatchRunner {
  private readonly cfg: RunnerConfig;
  private readonly tracker: WatermarkTracker;
  private committed: (Offset | null)[];
  private nextBatchId = 0;
  /** Watermark the last batch ran with (a no-data batch only runs when it moved). */
  private lastBatchWatermarkMs = -Infinity;
  /** Whether the last batch read data (Spark's no-data batch rule applies after one). */
  private lastBatchHadData = true;
  private lastTriggerMs: number | undefined;
  private latestOffsetMs = 0;
  /** availableNow: per source, the offset not to go past (`undefined`: the source caps itself). */
  private caps: (Offset | null | undefined)[] | undefined;
  private checkpoint: BatchCheckpoint | undefined;
  private replay: ResumePoint['replay'];
  /** `Source.reportLatestOffset()` after the last `latestOffsets()` (else the limited latest). */
  private reportedLatest: (Offset | null)[] = [];

  constructor(cfg: RunnerConfig, tracker: WatermarkTracker) {
    this.cfg = cfg;
    this.tracker = tracker;
    this.committed = cfg.compiled.sources.map(() => null);
    // Extension (withWatermark's idleTimeout): off unless some input asked for it.
    tracker.setIdleTimeouts(cfg.compiled.watermarkIdleTimeoutsMs ?? []);
    // Extension (withWatermark's perPartition): off unless some input asked for it.
    tracker.setPerPartition((cfg.compiled.watermarkPartitionInputs ?? []).map((p) => p !== undefined));
  }

  /**
   * Resumes from a checkpoint: offsets, watermark and operator state as of the last committed
   * batch; a batch planned but not committed is replayed first, with its recorded offsets.
   * `checkpoint` is written around every batch from now on.
   */
  resume(point: ResumePoint, checkpoint: BatchCheckpoint): void {
    this.checkpoint = checkpoint;
    this.nextBatchId = point.nextBatchId;
    this.committed = point.committed.slice();
    if (point.watermark) {
      if (point.watermark.policy !== this.tracker.policy) {
        throw new StreamlabError(
          'CHECKPOINT_QUERY_MISMATCH',
          `the checkpoint was written with multipleWatermarkPolicy '${point.watermark.policy}', this query asks for '${this.tracker.policy}'`,
          {
            value: this.tracker.policy,
            hint: `the policy cannot change on restart (as in Spark): set it to '${point.watermark.policy}' or use a new checkpointLocation`,
          },
        );
      }
      this.tracker.restore(point.watermark);
      this.tracker.restartIdleClocks(this.cfg.clock.now());
    }
    this.lastBatchWatermarkMs = point.previousBatchWatermarkMs ?? -Infinity;
    for (const op of this.cfg.compiled.stateful) {
      const snap = point.operatorState(op.operatorId);
      if (snap) op.restore(snap);
    }
    this.replay = point.replay;
  }

  /**
   * Before the first batch: fixes where sources that resolve their own start (Kafka's `latest`)
   * begin, recorded in the checkpoint (`sources/<i>/0`) or restored from it.
   */
  async settleInitialOffsets(): Promise<void> {
    // Without a checkpoint location there is nothing to resume: the resolved offsets live for this run only.
    const store = this.checkpoint ? this.checkpoint.initialOffsets() : memoryInitialOffsets({});
    await settleInitialOffsets(this.cfg.compiled.sources, this.committed, store);
  }

  /**
   * For the availableNow trigger: caps every source at the data available now (the source's own
   * `prepareForTriggerAvailableNow`, or the latest offset it reports now).
   */
  async prepareAvailableNow(): Promise<void> {
    const { sources } = this.cfg.compiled;
    this.caps = [];
    for (let i = 0; i < sources.length; i++) {
      const s = sources[i]!;
      if (s.prepareForTriggerAvailableNow) {
        await s.prepareForTriggerAvailableNow();
        this.caps.push(undefined);
      } else this.caps.push(await s.latestOffset(this.committed[i] ?? null, { kind: 'all' }));
    }
  }

  async latestOffsets(): Promise<(Offset | null)[]> {
    const { sources } = this.cfg.compiled;
    const t0 = this.cfg.clock.now();
    const out: (Offset | null)[] = [];
    for (let i = 0; i < sources.length; i++) {
      const cap = this.caps?.[i];
      const committed = this.committed[i] ?? null;
      const coordinator = this.cfg.coordinator;
      let shared = false;
      const share = coordinator
        ? (backlog: number): Promise<number> => {
            shared = true;
            return coordinator.sumBacklog(backlog);
          }
        : undefined;
      if (cap !== undefined && (this.cfg.readLimit.kind === 'all' || same(cap, committed))) out.push(cap);
      else out.push(await sources[i]!.latestOffset(committed, this.cfg.readLimit, share));
      // A parallel query's worker: one backlog round per source and check in every worker, also
      // when this one's source splits no limit (it adds nothing: it reads all it has, or nothing).
      if (coordinator && !shared) await coordinator.sumBacklog(0);
    }
    this.latestOffsetMs = this.cfg.clock.now() - t0;
    this.reportedLatest = sources.map((s, i) => (s.reportLatestOffset ? s.reportLatestOffset() : (out[i] ?? null)));
    return out;
  }

  /** True until the replayed batch has run: the loop runs it even if no source has new data. */
  get hasPendingReplay(): boolean {
    return this.replay !== undefined;
  }

  hasNewData(latest: readonly (Offset | null)[]): boolean {
    return latest.some((l, i) => l !== null && !same(l, this.committed[i] ?? null));
  }

  /**
   * Whether to run a batch without new data: the watermark moved and an operator waits on it, or
   * (processing-time timeouts) an operator has something due at the clock's time.
   */
  needsNoDataBatch(): boolean {
    if (this.cfg.noDataBatches === false) return false;
    const now = this.cfg.clock.now();
    // Idle inputs (extension): the watermark may move on processing time alone.
    if (this.tracker.hasIdleTimeouts) this.tracker.advanceIdle(now);
    const wm = this.tracker.watermarkMs;
    const moved = wm > this.lastBatchWatermarkMs;
    // Spark's rule: a watermark that moved after a data batch runs a no-data batch for every
    // operator whose shouldRunAnotherBatch says so. When only idle inputs (extension) moved it
    // after a no-data batch, a batch runs only when some state is due, so a quiet stream does not
    // run an empty batch on every poll.
    const spark = moved && this.lastBatchHadData;
    return this.cfg.compiled.stateful.some((op) =>
      moved ? (spark && op.runsNoDataBatchOnWatermark?.() === true) || op.needsNoDataBatch(wm, now) : op.needsNoDataBatchOnTime?.(now) === true,
    );
  }

  /**
   * Commits the operators and starts writing their new state version, when the checkpoint writes
   * state apart from the commit (`BatchCheckpoint.persistState`); `undefined` otherwise. It starts
   * on the next turn of the event loop, so the sink's first request is on its way while the state
   * is encoded.
   */
  private persistWhileSinking(batchId: number): Promise<void> | undefined {
    const checkpoint = this.checkpoint;
    const { stateful } = this.cfg.compiled;
    if (!checkpoint?.persistState || stateful.length === 0) return undefined;
    for (const op of stateful) op.commit(batchId);
    return nextTurn().then(() => checkpoint.persistState!(batchId, stateful));
  }

  /** Per-partition watermarks (extension): each such input's per-partition event times of this batch. */
  private observePartitions(inputs: readonly (readonly unknown[])[], nowMs: number): void {
    const { sources, watermarkPartitionInputs = [] } = this.cfg.compiled;
    watermarkPartitionInputs.forEach((p, id) => {
      if (p === undefined || (inputs[p.source]?.length ?? 0) === 0) return;
      this.tracker.observePartitions(id, sources[p.source]!.batchPartitionEventTimes?.(p.field) ?? {}, nowMs);
    });
  }

  /** A parallel query's worker, at start: takes the watermark merged over all workers' checkpoints. */
  async exchangeWatermark(): Promise<void> {
    const { coordinator } = this.cfg;
    if (coordinator) this.tracker.adopt(await coordinator.exchangeWatermark(this.tracker.toState()));
  }

  async runBatch(latest: (Offset | null)[], isNoDataBatch: boolean, triggerMs: number): Promise<void> {
    const { cfg, tracker } = this;
    const { compiled, clock, sink } = cfg;
    const t0 = clock.now();
    const batchId = this.nextBatchId;
    const replay = this.replay;
    this.replay = undefined;
    // A replayed batch reads exactly its recorded range and keeps its recorded processing time.
    const ends = replay ? replay.endOffsets.map((e) => e.offset) : latest.map((l, i) => l ?? this.committed[i] ?? null);
    const batchTimestampMs = replay ? replay.batchTimestampMs : t0;
    if (replay) isNoDataBatch = ends.every((e, i) => same(e, this.committed[i] ?? null));
    // Idle inputs (extension): fixed before the batch and written to offsets/N, so a replay of this
    // batch uses the recorded watermark, not one recomputed from a later clock.
    else if (tracker.hasIdleTimeouts) tracker.advanceIdle(batchTimestampMs);
    await this.checkpoint?.beforeBatch(batchId, {
      batchWatermarkMs: tracker.watermarkMs,
      batchTimestampMs,
      inputWatermarksMs: tracker.toState().inputsMs,
      sources: compiled.sources.map((s, i) => ({ description: s.description, offset: ends[i] ?? null })),
    });
    const walCommit = clock.now() - t0;
    const inputs: (readonly unknown[])[] = [];
    for (let i = 0; i < compiled.sources.length; i++) {
      const start = this.committed[i] ?? null;
      const end = ends[i] ?? null;
      inputs.push(end === null || same(start, end) ? [] : await compiled.sources[i]!.getBatch(start, end));
    }
    const tGet = clock.now();
    const run = new BatchRun({
      batchId,
      watermarkMs: tracker.watermarkMs,
      lateWatermarkMs: Math.max(0, this.lastBatchWatermarkMs),
      inputWatermarksMs: tracker.inputWatermarksMs(),
      batchTimestampMs,
      outputMode: cfg.outputMode,
      isNoDataBatch,
      inputs,
      logger: cfg.logger,
      watermarkCount: compiled.watermarkDelaysMs.length,
    });
    const rows = compiled.root.execute(run);
    const stateOperators: StateOperatorProgress[] = compiled.stateful.map((op) => op.progress());
    const endOffsets: Record<string, Offset> = {};
    compiled.sources.forEach((s, i) => (endOffsets[s.description] = ends[i] ?? null));
    const base = {
      id: cfg.id,
      runId: cfg.runId,
      name: cfg.name,
      run,
      sourceDescriptions: compiled.sources.map((s) => s.description),
      startOffsets: this.committed.slice(),
      endOffsets: ends,
      latestOffsets: replay ? latest : compiled.sources.map((_, i) => this.reportedLatest[i] ?? latest[i] ?? null),
      rowsPerSource: inputs.map((r) => r.length),
      sourceMetrics: compiled.sources.map((s, i) => s.metrics?.(latest[i] ?? ends[i] ?? null)),
      sinceLastTriggerMs: this.lastTriggerMs === undefined ? 0 : triggerMs - this.lastTriggerMs,
      stateOperators,
      sinkDescription: sink.description,
      numOutputRows: rows.length,
    };
    const partial = buildProgress({
      ...base,
      durationMs: { getBatch: tGet - t0 - walCommit, addBatch: 0, latestOffset: this.latestOffsetMs, walCommit, commitOffsets: 0, triggerExecution: 0 },
    });
    const info = {
      batchId,
      outputMode: cfg.outputMode,
      watermarkMs: run.watermarkMs,
      batchTimestampMs,
      endOffsets,
      progress: partial,
      removed: run.removed,
      keyFields: cfg.keyFields,
      ...(cfg.columns ? { columns: cfg.columns } : {}),
    };
    const tAdd = clock.now();
    // The state of the batch is written while the sink writes its rows (as Spark's tasks commit
    // their state stores in the job that writes the sink); it is committed with `commits/N` only
    // after the sink accepted the batch. A failed sink fails the query before that, so the batch
    // is replayed from the committed version, as after a crash.
    const persisting = this.persistWhileSinking(batchId);
    try {
      await sink.addBatch(rows, info);
      if (run.late.size > 0) {
        const lateInfo = lateBatchInfo(info);
        for (const [route, records] of run.late) await route.sink.addBatch(records, lateInfo);
      }
      if (run.invalid.length > 0) {
        if (cfg.errorSink) await cfg.errorSink.addBatch(run.invalid, info);
        else cfg.logger.warn({ batchId, numInvalidRows: run.invalid.length, first: run.invalid[0]?.reason }, 'invalid rows dropped');
      }
    } catch (err) {
      // The state write is not left running (or its failure unhandled) when a sink failed.
      await persisting?.catch(() => undefined);
      throw err;
    }
    await persisting;
    const tCommit = clock.now();
    // Order: operators commit (before the sink when the state is written during it), watermark of
    // batch N + 1, checkpoint commit, then the sources.
    if (!persisting) for (const op of compiled.stateful) op.commit(batchId);
    this.observePartitions(inputs, batchTimestampMs);
    tracker.update(run.stats, batchTimestampMs);
    // A parallel query's worker takes the watermark merged over all workers (Spark's driver folds
    // every task's event times into one). A replay at start is not a round: the exchange after it is.
    if (cfg.coordinator && !replay) tracker.adopt(await cfg.coordinator.exchangeWatermark(tracker.toState()));
    await this.checkpoint?.afterBatch(batchId, compiled.stateful, tracker.toState(), tracker.partitionState());
    for (let i = 0; i < compiled.sources.length; i++) {
      const end = ends[i];
      if (end !== null && end !== undefined) await compiled.sources[i]!.commit?.(end);
    }
    this.committed = ends;
    this.lastBatchWatermarkMs = run.watermarkMs;
    this.lastBatchHadData = !isNoDataBatch;
    this.nextBatchId += 1;
    this.lastTriggerMs = triggerMs;
    const tEnd = clock.now();
    cfg.onProgress(
      buildProgress({
        ...base,
        durationMs: {
          getBatch: tGet - t0 - walCommit,
          addBatch: tCommit - tAdd,
          latestOffset: this.latestOffsetMs,
          walCommit,
          commitOffsets: tEnd - tCommit,
          triggerExecution: tEnd - triggerMs,
        },
      }),
    );
  }
}
