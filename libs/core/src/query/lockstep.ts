/**
 * One query run by several workers in lockstep, as Spark runs one micro-batch as tasks over
 * partitions: every worker runs the same query over its share of the input partitions, with its
 * own state, and a hub plays the driver's part.
 *
 * - **One decision per check.** Before each batch every worker reports whether it has new data or
 *   wants a no-data batch; the hub answers all of them at once: run a batch (if any worker has
 *   data or wants one) or stay idle. A worker without data of its own still runs the batch, with
 *   no rows, as a Spark task of an empty partition does.
 * - **One read limit.** A source that splits a read limit over its backlog (Kafka's
 *   `maxOffsetsPerTrigger`, prorated by partition) splits it over the backlog of all workers, so
 *   each partition gets the share it would get in one query over all partitions.
 * - **One global watermark.** After each batch every worker sends its watermark state; the hub
 *   merges them (per input the highest event time any worker saw, then the query's
 *   `multipleWatermarkPolicy`) and every worker takes the merged state for its next batch, as
 *   Spark's driver folds the event-time statistics of all tasks into one watermark. A record late
 *   for the global watermark is late in every worker, even if its own partitions lag.
 *
 * The hub holds no rows: workers exchange only these few numbers per batch. `LockstepHub` is the
 * hub in one thread (tests, or workers in one process); `runParallel` (`@streamlab/core/node`) puts
 * each worker on its own thread and carries the same calls over message ports.
 */
import { StreamlabError } from '../errors.js';
import type { MultipleWatermarkPolicy, WatermarkState } from '../watermark/tracker.js';

/** What a worker found when it checked its sources. */
export interface LocalCheck {
  hasData: boolean;
  needsNoData: boolean;
}

/** The hub's answer to a check: run a batch or not; `stop` when the parallel query is ending. */
export interface LockstepDecision {
  run: boolean;
  stop: boolean;
}

/** A worker's side of the lockstep (given to its session as `SessionOptions.coordinator`). */
export interface BatchCoordinator {
  /** This worker's number, from 0. */
  readonly index: number;
  /** How many workers run the query. */
  readonly workers: number;
  /** Reports this worker's check; resolves when every worker has reported hers. */
  decide(local: LocalCheck): Promise<LockstepDecision>;
  /** Sends the watermark state after a batch; resolves to the state merged over every worker. */
  exchangeWatermark(state: WatermarkState): Promise<WatermarkState>;
  /** Sends this worker's backlog of one source (once per source per check); resolves to the sum over every worker. */
  sumBacklog(backlog: number): Promise<number>;
  /** Called when another worker found data while this one waits for some. Returns the unsubscribe. */
  onWake(listener: () => void): () => void;
  /** This worker's query ended: the hub stops the others' rounds. */
  leave(): void;
}

/**
 * The query watermark of per-input watermarks under a policy (Spark's WatermarkTracker: an input
 * without data counts as 0).
 *
 * @example
 * combineInputWatermarks('min', [5_000, null]); // 0
 * combineInputWatermarks('max', [5_000, null]); // 5000
 */
export function combineInputWatermarks(policy: MultipleWatermarkPolicy, inputsMs: readonly (number | null)[]): number {
  let chosen: number | null = null;
  for (const w of inputsMs) {
    const v = w ?? 0;
    chosen = chosen === null ? v : policy === 'min' ? Math.min(chosen, v) : Math.max(chosen, v);
  }
  return chosen ?? 0;
}

/**
 * The watermark state of the whole query from its workers' states: per input the highest (the
 * workers' inputs saw disjoint partitions of the same stream), then the policy; never below any
 * worker's query watermark.
 *
 * @example
 * mergeWatermarkStates([
 *   { policy: 'min', inputsMs: [60_000], watermarkMs: 60_000 },
 *   { policy: 'min', inputsMs: [null], watermarkMs: 0 },
 * ]); // { policy: 'min', inputsMs: [60000], watermarkMs: 60000 }
 */
export function mergeWatermarkStates(states: readonly WatermarkState[]): WatermarkState {
  const first = states[0];
  if (first === undefined) throw new StreamlabError('PARALLEL_INTERNAL', 'no watermark state to merge');
  const inputsMs = first.inputsMs.map((_, i) => {
    let best: number | null = null;
    for (const s of states) {
      const w = s.inputsMs[i] ?? null;
      if (w !== null && (best === null || w > best)) best = w;
    }
    return best;
  });
  let watermarkMs = combineInputWatermarks(first.policy, inputsMs);
  for (const s of states) watermarkMs = Math.max(watermarkMs, s.watermarkMs);
  return { policy: first.policy, inputsMs, watermarkMs };
}

/**
 * One kind of round: every worker reports once, then all get the answer `combine` makes of the
 * reports, and the next round starts. `end` answers the waiting ones with `own` of their report.
 */
class Round<I, O> {
  private reports: (I | undefined)[] = [];
  /** By worker. */
  private waiting: (((out: O) => void) | undefined)[] = [];

  constructor(
    private readonly workers: number,
    private readonly combine: (reports: I[]) => O,
  ) {
    this.reset();
  }

  /** Whether worker `index` has not reported in this round yet. */
  pending(index: number): boolean {
    return this.reports[index] === undefined;
  }

  /** Worker `index` reports; `done` when it was the last one (the answer is then on its way to all). */
  report(index: number, input: I): { answer: Promise<O>; done: boolean } {
    if (this.reports[index] !== undefined) {
      throw new StreamlabError('PARALLEL_INTERNAL', `worker ${index} reported twice in one lockstep round`, {
        value: index,
        hint: 'each worker runs one query; a second query on a parallel worker session is refused at start',
      });
    }
    this.reports[index] = input;
    const answer = new Promise<O>((resolve) => {
      this.waiting[index] = resolve;
    });
    if (this.reports.some((r) => r === undefined)) return { answer, done: false };
    const out = this.combine(this.reports as I[]);
    const waiting = this.waiting;
    this.reset();
    for (const w of waiting) w!(out);
    return { answer, done: true };
  }

  /** Answers every waiting worker with `own(its report)`. */
  end(own: (input: I) => O): void {
    this.waiting.forEach((resolve, i) => resolve?.(own(this.reports[i]!)));
    this.reset();
  }

  private reset(): void {
    this.reports = Array.from({ length: this.workers }, () => undefined);
    this.waiting = Array.from({ length: this.workers }, () => undefined);
  }
}

/**
 * The hub of `workers` workers in one thread: `participant(i)` is worker `i`'s coordinator.
 *
 * @example
 * const hub = new LockstepHub(2);
 * const a = new StreamingSession({ coordinator: hub.participant(0) });
 * const b = new StreamingSession({ coordinator: hub.participant(1) });
 */
export class LockstepHub {
  readonly workers: number;
  private readonly decideRound: Round<LocalCheck, LockstepDecision>;
  private readonly watermarkRound: Round<WatermarkState, WatermarkState>;
  private readonly backlogRound: Round<number, number>;
  private readonly wakeListeners: Set<() => void>[];
  private stopped = false;
  /** Decisions taken so far (one per check of every worker); for progress and tests. */
  rounds = 0;

  constructor(workers: number) {
    if (!Number.isInteger(workers) || workers < 1) {
      throw new StreamlabError('PARALLEL_BAD_WORKERS', `workers must be a whole number of at least 1 (got ${workers})`, {
        value: workers,
        hint: 'e.g. workers: 2, one per core',
      });
    }
    this.workers = workers;
    this.decideRound = new Round<LocalCheck, LockstepDecision>(workers, (reports) => ({ run: reports.some((r) => r.hasData || r.needsNoData), stop: false }));
    this.watermarkRound = new Round(workers, mergeWatermarkStates);
    this.backlogRound = new Round(workers, (reports) => reports.reduce((a, b) => a + b, 0));
    this.wakeListeners = Array.from({ length: workers }, () => new Set());
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Worker `index`'s coordinator. */
  participant(index: number): BatchCoordinator {
    if (!Number.isInteger(index) || index < 0 || index >= this.workers) {
      throw new StreamlabError('PARALLEL_BAD_WORKERS', `worker ${index} is not one of the ${this.workers} workers`, {
        value: index,
        hint: `workers are numbered 0 to ${this.workers - 1}`,
      });
    }
    return {
      index,
      workers: this.workers,
      decide: (local) => this.decide(index, local),
      exchangeWatermark: (state) => this.exchangeWatermark(index, state),
      sumBacklog: (backlog) => this.sumBacklog(index, backlog),
      onWake: (listener) => {
        this.wakeListeners[index]!.add(listener);
        return () => this.wakeListeners[index]!.delete(listener);
      },
      leave: () => this.stop(),
    };
  }

  /** Worker `index` reports its check; resolves once all have. */
  decide(index: number, local: LocalCheck): Promise<LockstepDecision> {
    if (this.stopped) return Promise.resolve({ run: false, stop: true });
    // A worker with work wakes the ones still waiting for data of their own, so the batch starts now.
    if (local.hasData || local.needsNoData) {
      for (let i = 0; i < this.workers; i++) if (i !== index && this.decideRound.pending(i)) for (const l of this.wakeListeners[i]!) l();
    }
    const { answer, done } = this.decideRound.report(index, local);
    if (done) this.rounds += 1;
    return answer;
  }

  /** Worker `index` sends its watermark state; resolves to the merged state once all have. */
  exchangeWatermark(index: number, state: WatermarkState): Promise<WatermarkState> {
    if (this.stopped) return Promise.resolve(state);
    return this.watermarkRound.report(index, state).answer;
  }

  /** Worker `index` sends its backlog of the source being checked; resolves to the sum once all have. */
  sumBacklog(index: number, backlog: number): Promise<number> {
    if (this.stopped) return Promise.resolve(backlog);
    return this.backlogRound.report(index, backlog).answer;
  }

  /** Ends the lockstep: waiting and later checks answer `stop`, watermark and backlog rounds return the sender's own report. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.decideRound.end(() => ({ run: false, stop: true }));
    this.watermarkRound.end((own) => own);
    this.backlogRound.end((own) => own);
    for (const set of this.wakeListeners) for (const l of set) l();
  }
}
