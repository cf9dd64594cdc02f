/**
 * The micro-batch loop (Spark's MicroBatchExecution), kept thin: trigger → latest offsets →
 * data batch, no-data batch or idle → getBatch → execute the plan → sink → commit → watermark →
 * progress. One `await` per source and sink per batch; everything else is synchronous.
 */
import type { Offset } from '../ports.js';
import { WatermarkTracker } from '../watermark/tracker.js';
import type { BatchCheckpoint, ResumePoint } from './query-checkpoint.js';
import type { RunnerConfig } from './runner-config.js';
import { Wake } from './wake.js';
import { BatchRunner } from './batch-runner.js';

interface Check {
  latest: (Offset | null)[];
  hasData: boolean;
  needsNoData: boolean;
}

export class MicroBatchRunner {
  readonly tracker: WatermarkTracker;
  private readonly cfg: RunnerConfig;
  private readonly wake = new Wake();
  private readonly abort = new AbortController();
  private readonly batches: BatchRunner;
  private active = true;
  private checks = 0;
  private waiters: { seq: number; resolve: () => void; reject: (e: unknown) => void }[] = [];
  /** The next idle wait under the default trigger (`firstPollMs` after a data batch, doubling up to `pollMs`). */
  private idleWaitMs: number;

  constructor(cfg: RunnerConfig) {
    this.cfg = cfg;
    this.tracker = new WatermarkTracker(cfg.compiled.watermarkDelaysMs, cfg.policy);
    this.batches = new BatchRunner(cfg, this.tracker);
    this.idleWaitMs = cfg.pollMs;
  }

  /**
   * Resumes from a checkpoint (replaying its uncommitted batch first, if any); `checkpoint` is
   * written around every batch from now on.
   */
  resume(point: ResumePoint, checkpoint: BatchCheckpoint): void {
    this.batches.resume(point, checkpoint);
  }

  get isActive(): boolean {
    return this.active;
  }

  /** Runs until stopped, a run-once trigger finishes, or a batch fails (rejects). */
  async run(): Promise<void> {
    const { compiled, trigger, clock } = this.cfg;
    const { coordinator } = this.cfg;
    const unsubscribe = compiled.sources.map((s) => s.onData?.(() => this.wake.signal()));
    unsubscribe.push(coordinator?.onWake(() => this.wake.signal()));
    try {
      let nextTick = clock.now();
      let first = true;
      await this.batches.settleInitialOffsets();
      if (this.batches.hasPendingReplay) await this.batches.runBatch([], false, clock.now());
      await this.batches.exchangeWatermark();
      if (trigger.kind === 'availableNow') await this.batches.prepareAvailableNow();
      while (this.active) {
        if (trigger.kind === 'processingTime' && !first) {
          if (!(await this.waitForTick(nextTick))) break;
        }
        first = false;
        const tickStart = clock.now();
        const seq = ++this.checks;
        this.cfg.onStatus('Getting offsets from sources', false, true);
        const c = await this.check();
        let idle = !c.hasData && !c.needsNoData;
        if (!idle) {
          this.cfg.onStatus('Processing new data', true, true);
          await this.batches.runBatch(c.latest, !c.hasData, tickStart);
          if (trigger.kind === 'once') break;
          if (c.hasData) this.idleWaitMs = this.cfg.firstPollMs;
          const after = ++this.checks;
          const c2 = await this.check();
          idle = !c2.hasData && !c2.needsNoData;
          if (idle) this.resolveWaiters(after);
        } else this.resolveWaiters(seq);
        if (idle && (trigger.kind === 'once' || trigger.kind === 'availableNow')) break;
        if (trigger.kind === 'processingTime') {
          // Spark's ProcessingTimeExecutor: the next boundary after this trigger started; an
          // overrunning batch makes the next one start at once.
          const interval = trigger.intervalMs;
          nextTick = (Math.floor(tickStart / interval) + 1) * interval;
        } else if (trigger.kind === 'default' && idle) {
          this.cfg.onStatus('Waiting for data to arrive', false, false);
          await this.waitForData();
        }
      }
    } catch (e) {
      this.active = false;
      this.rejectWaiters(e);
      throw e;
    } finally {
      this.active = false;
      coordinator?.leave();
      for (const u of unsubscribe) u?.();
      this.resolveWaiters(Infinity);
      this.cfg.onStatus('Stopped', false, false);
    }
  }

  /** Resolves after a check that started after this call found nothing left to run. */
  processAllAvailable(): Promise<void> {
    if (!this.active) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ seq: this.checks + 1, resolve, reject });
      this.wake.signal();
    });
  }

  stop(): void {
    this.active = false;
    this.abort.abort();
    this.wake.signal();
  }

  private async check(): Promise<Check> {
    const latest = await this.batches.latestOffsets();
    const hasData = this.batches.hasNewData(latest);
    const needsNoData = !hasData && this.batches.needsNoDataBatch();
    const { coordinator } = this.cfg;
    if (!coordinator) return { latest, hasData, needsNoData };
    // A parallel query's worker: every worker runs a batch when any has one to run (without data
    // of its own, a batch with no rows, as Spark's task of an empty partition).
    const decision = await coordinator.decide({ hasData, needsNoData });
    if (decision.stop) {
      this.stop();
      return { latest, hasData: false, needsNoData: false };
    }
    return { latest, hasData, needsNoData: !hasData && decision.run };
  }

  /** Waits for the trigger tick; wake-ups in between only answer processAllAvailable. */
  private async waitForTick(tick: number): Promise<boolean> {
    const { clock } = this.cfg;
    while (this.active && clock.now() < tick) {
      this.cfg.onStatus('Waiting for next trigger', false, false);
      const tickAbort = new AbortController();
      const onStop = (): void => tickAbort.abort();
      this.abort.signal.addEventListener('abort', onStop, { once: true });
      const woke = await Promise.race([clock.sleepUntil(tick, tickAbort.signal).then(() => false), this.wake.wait().then(() => true)]);
      tickAbort.abort();
      this.abort.signal.removeEventListener('abort', onStop);
      // (Not in a parallel query's worker: its checks are rounds that every worker takes together.)
      if (woke && this.active && clock.now() < tick && this.waiters.length > 0 && !this.cfg.coordinator) {
        const seq = ++this.checks;
        const c = await this.check();
        if (!c.hasData && !c.needsNoData) this.resolveWaiters(seq);
      }
    }
    return this.active;
  }

  /** Waits for a source's `onData`, or the idle wait (which then doubles, up to `pollMs`). */
  private async waitForData(): Promise<void> {
    const { clock, pollMs } = this.cfg;
    const waitMs = this.idleWaitMs;
    this.idleWaitMs = Math.min(pollMs, waitMs * 2);
    const pollAbort = new AbortController();
    await Promise.race([this.wake.wait(), clock.sleepUntil(clock.now() + waitMs, pollAbort.signal)]);
    pollAbort.abort();
  }

  private resolveWaiters(seq: number): void {
    const done = this.waiters.filter((w) => w.seq <= seq);
    this.waiters = this.waiters.filter((w) => w.seq > seq);
    for (const w of done) w.resolve();
  }

  private rejectWaiters(e: unknown): void {
    const all = this.waiters;
    this.waiters = [];
    for (const w of all) w.reject(e);
  }
}
