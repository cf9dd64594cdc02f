/**
 * Watermarks per input, combined into the query watermark (Spark's WatermarkTracker).
 *
 * Each `withWatermark` node is one input with its own delay. After every batch the runner calls
 * `update()` with the event-time stats the nodes observed; each input's watermark becomes
 * `max(previous, maxEventTime - delay)`, and the query watermark the min (default) or max
 * (`multipleWatermarkPolicy: 'max'`) over the inputs; an input that has not seen data counts as 0
 * (as in Spark), so under the min policy nothing moves until every input has had data. Nothing
 * moves back.
 * The new value is used by the *next* batch, never by the batch whose rows produced it.
 *
 * Idle inputs (extension, off by default: `withWatermark(field, delay, { idleTimeout })`): see
 * `advanceIdle()` and `src/watermark/IDLE-INPUTS.md`.
 */
import { PartitionWatermarks, type PartitionEventTimesState } from './partition-watermarks.js';

export type MultipleWatermarkPolicy = 'min' | 'max';

/** Event-time statistics one input saw in one batch. */
export interface EventTimeStats {
  minMs: number;
  maxMs: number;
  sumMs: number;
  count: number;
}

/** The state a checkpoint stores with each batch's offsets (`offsets/N`). */
export interface WatermarkState {
  policy: MultipleWatermarkPolicy;
  /** Per input; `null` for an input that has not seen a row yet. */
  inputsMs: (number | null)[];
  watermarkMs: number;
  /** Per-partition watermarks (extension): max event time per partition, by watermark id. */
  partitionsMs?: PartitionEventTimesState;
}

/**
 * @example
 * const t = new WatermarkTracker([600_000], 'min');
 * t.update([{ minMs: 0, maxMs: 1_000_000, sumMs: 1_000_000, count: 1 }]);
 * t.watermarkMs; // 400000
 */
export class WatermarkTracker {
  readonly policy: MultipleWatermarkPolicy;
  private readonly delaysMs: readonly number[];
  private readonly inputs: (number | null)[];
  private current = 0;
  /** Idle timeout per input (`undefined`: the input never counts as idle). */
  private idleMs: readonly (number | undefined)[] = [];
  /** Processing time an input last had rows (or its idle clock restarted); `undefined`: not yet known. */
  private readonly lastRowAtMs: (number | undefined)[];
  /** The input's watermark when it last had rows: where idle extrapolation starts from. */
  private readonly rowWatermarkMs: (number | null)[];
  /** Which inputs take their watermark from per-partition event times (extension). */
  private perPartition: readonly boolean[] = [];
  private readonly partitions = new PartitionWatermarks();

  constructor(delaysMs: readonly number[], policy: MultipleWatermarkPolicy = 'min') {
    this.delaysMs = delaysMs;
    this.policy = policy;
    this.inputs = delaysMs.map(() => null);
    this.lastRowAtMs = delaysMs.map(() => undefined);
    this.rowWatermarkMs = delaysMs.map(() => null);
  }

  /**
   * Enables the idle-input extension: per input (by watermark id), how long it may be silent
   * before it counts as idle (`undefined`: never). Without this call nothing is ever idle.
   */
  setIdleTimeouts(idleMs: readonly (number | undefined)[]): void {
    this.idleMs = idleMs;
  }

  /**
   * Enables per-partition watermarks (extension) for the inputs flagged, by watermark id: their
   * candidate is the min over partitions fed by `observePartitions` (see partition-watermarks.ts).
   */
  setPerPartition(flags: readonly boolean[]): void {
    this.perPartition = flags;
  }

  /** Whether some input uses per-partition watermarks. */
  get hasPerPartition(): boolean {
    return this.perPartition.some(Boolean);
  }

  /** Per-partition max event times of one batch's rows of input `id` (call before `update`). */
  observePartitions(id: number, times: Readonly<Record<string, number>>, nowMs: number): void {
    this.partitions.observe(id, times, nowMs);
  }

  /** Whether some input has an idle timeout (the runner only then calls `advanceIdle`). */
  get hasIdleTimeouts(): boolean {
    return this.idleMs.some((ms) => ms !== undefined);
  }

  /** The query watermark (epoch ms) the next batch will use. */
  get watermarkMs(): number {
    return this.current;
  }

  /** Per-input watermarks (0 for inputs without data yet), by watermark id. */
  inputWatermarksMs(): number[] {
    return this.inputs.map((w) => w ?? 0);
  }

  /**
   * Folds one batch's stats (by watermark id; `undefined` = no rows) in. `nowMs` is the batch's
   * processing time (only the idle-input extension uses it). Returns whether the query watermark moved.
   */
  update(stats: readonly (EventTimeStats | undefined)[], nowMs?: number): boolean {
    for (let i = 0; i < this.inputs.length; i++) {
      const s = stats[i];
      if (s === undefined || s.count === 0) continue;
      const candidate =
        this.perPartition[i] === true
          ? (this.partitions.candidate(i, this.delaysMs[i]!, this.idleMs[i], nowMs ?? 0) ?? s.maxMs - this.delaysMs[i]!)
          : s.maxMs - this.delaysMs[i]!;
      const prev = this.inputs[i];
      if (prev === null || prev === undefined || candidate > prev) this.inputs[i] = candidate;
      this.rowWatermarkMs[i] = this.inputs[i] ?? null;
      if (nowMs !== undefined) this.lastRowAtMs[i] = Math.max(this.lastRowAtMs[i] ?? nowMs, nowMs);
    }
    return this.combine(nowMs);
  }

  /**
   * Takes the state merged over the workers of a parallel query (`query/lockstep.ts`): per input
   * the higher of its own and the merged watermark, and the merged query watermark if higher.
   * Nothing moves back.
   *
   * @example
   * const t = new WatermarkTracker([10_000]);
   * t.adopt({ policy: 'min', inputsMs: [50_000], watermarkMs: 50_000 });
   * t.watermarkMs; // 50000
   */
  adopt(state: WatermarkState): void {
    for (let i = 0; i < this.inputs.length; i++) {
      const w = state.inputsMs[i] ?? null;
      const prev = this.inputs[i];
      if (w !== null && (prev === null || prev === undefined || w > prev)) this.inputs[i] = w;
    }
    if (state.watermarkMs > this.current) this.current = state.watermarkMs;
  }

  /**
   * The idle-input extension, at processing time `nowMs`. An input with an idle timeout that has
   * had no rows for at least that long is idle:
   * - it is left out of the min/max combination while some input is not idle, so a silent input
   *   no longer holds the query watermark back;
   * - its own watermark moves on with processing time from the moment it went idle, as if its
   *   event time kept flowing: `rowWatermark + (now - lastRowAt - idleTimeout)`; when every input
   *   is idle, the query watermark is the min/max of those.
   * The query watermark still never moves back. Returns whether it moved.
   *
   * @example
   * const t = new WatermarkTracker([10_000]);
   * t.setIdleTimeouts([60_000]);
   * t.update([{ minMs: 100_000, maxMs: 100_000, sumMs: 100_000, count: 1 }], 0); // watermark 90 s
   * t.advanceIdle(90_000); // idle since 60 s: watermark 90 s + 30 s = 120 s
   */
  advanceIdle(nowMs: number): boolean {
    return this.combine(nowMs);
  }

  /**
   * Restarts the idle clocks at `nowMs` (after a restart: how long the query was down says nothing
   * about how long an input was silent, and a backlog may be waiting).
   */
  restartIdleClocks(nowMs: number): void {
    for (let i = 0; i < this.inputs.length; i++) {
      this.lastRowAtMs[i] = this.inputs[i] === null ? undefined : nowMs;
      this.rowWatermarkMs[i] = this.inputs[i] ?? null;
    }
  }

  private combine(nowMs: number | undefined): boolean {
    const idle = nowMs === undefined || !this.hasIdleTimeouts ? undefined : this.markIdle(nowMs);
    let chosen: number | null = null;
    let anyActive = false;
    if (idle !== undefined) for (let i = 0; i < this.inputs.length; i++) if (this.inputs[i] !== null && !idle[i]) anyActive = true;
    for (let i = 0; i < this.inputs.length; i++) {
      let w = this.inputs[i]!;
      if (w === null) {
        // Spark's WatermarkTracker gives an input that has had no data yet the watermark 0, so
        // under the min policy the query watermark cannot move until every input has had data.
        // An input with an idle timeout (extension) is left out instead, as an idle one is.
        if (this.idleMs[i] !== undefined) continue;
        w = 0;
      }
      if (anyActive && idle?.[i] === true) continue;
      if (chosen === null) chosen = w;
      else chosen = this.policy === 'min' ? Math.min(chosen, w) : Math.max(chosen, w);
    }
    if (chosen !== null && chosen > this.current) {
      this.current = chosen;
      return true;
    }
    return false;
  }

  /** Which inputs are idle at `nowMs`; raises the idle ones' watermarks by extrapolation. */
  private markIdle(nowMs: number): boolean[] {
    const idle: boolean[] = [];
    for (let i = 0; i < this.inputs.length; i++) {
      const w = this.inputs[i];
      const timeout = this.idleMs[i];
      idle.push(false);
      if (w === null || w === undefined || timeout === undefined) continue;
      const last = this.lastRowAtMs[i];
      if (last === undefined) {
        this.lastRowAtMs[i] = nowMs;
        this.rowWatermarkMs[i] = w;
        continue;
      }
      const silentFor = nowMs - last;
      if (silentFor < timeout) continue;
      idle[i] = true;
      const extrapolated = (this.rowWatermarkMs[i] ?? w) + (silentFor - timeout);
      if (extrapolated > w) this.inputs[i] = extrapolated;
    }
    return idle;
  }

  /** A JSON-friendly copy of the tracker (stored in the offset log). */
  toState(): WatermarkState {
    const state: WatermarkState = { policy: this.policy, inputsMs: [...this.inputs], watermarkMs: this.current };
    if (this.hasPerPartition) state.partitionsMs = this.partitions.toState();
    return state;
  }

  /** Restores a state saved by `toState()`; the policy must match (it cannot change on restart). */
  restore(state: WatermarkState): void {
    for (let i = 0; i < this.inputs.length; i++) {
      this.inputs[i] = state.inputsMs[i] ?? null;
      this.rowWatermarkMs[i] = this.inputs[i] ?? null;
      this.lastRowAtMs[i] = undefined;
    }
    this.current = state.watermarkMs;
    if (state.partitionsMs !== undefined) this.partitions.restore(state.partitionsMs);
  }

  /** Per-partition state (extension) for the checkpoint; `undefined` when no input uses it. */
  partitionState(): PartitionEventTimesState | undefined {
    return this.hasPerPartition ? this.partitions.toState() : undefined;
  }

  /** Restores per-partition state saved with the checkpoint. */
  restorePartitions(state: PartitionEventTimesState | undefined): void {
    this.partitions.restore(state);
  }
}
