/**
 * Watermarks per input, combined into the query watermark (Spark's WatermarkTracker).
 *
 * Each `withWatermark` node is one input with its own delay. After every batch the runner calls
 * `update()` with the event-time stats the nodes observed; each input's watermark becomes
 * `max(previous, maxEventTime - delay)`, and the query watermark the min (default) or max
 * (`multipleWatermarkPolicy: 'max'`) over the inputs that have seen data. Nothing moves back.
 * The new value is used by the *next* batch, never by the batch whose rows produced it.
 */
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

  constructor(delaysMs: readonly number[], policy: MultipleWatermarkPolicy = 'min') {
    this.delaysMs = delaysMs;
    this.policy = policy;
    this.inputs = delaysMs.map(() => null);
  }

  /** The query watermark (epoch ms) the next batch will use. */
  get watermarkMs(): number {
    return this.current;
  }

  /** Per-input watermarks (0 for inputs without data yet), by watermark id. */
  inputWatermarksMs(): number[] {
    return this.inputs.map((w) => w ?? 0);
  }

  /** Folds one batch's stats (by watermark id; `undefined` = no rows) in. Returns whether the query watermark moved. */
  update(stats: readonly (EventTimeStats | undefined)[]): boolean {
    for (let i = 0; i < this.inputs.length; i++) {
      const s = stats[i];
      if (s === undefined || s.count === 0) continue;
      const candidate = s.maxMs - this.delaysMs[i]!;
      const prev = this.inputs[i];
      if (prev === null || prev === undefined || candidate > prev) this.inputs[i] = candidate;
    }
    let chosen: number | null = null;
    for (const w of this.inputs) {
      if (w === null) continue;
      if (chosen === null) chosen = w;
      else chosen = this.policy === 'min' ? Math.min(chosen, w) : Math.max(chosen, w);
    }
    if (chosen !== null && chosen > this.current) {
      this.current = chosen;
      return true;
    }
    return false;
  }

  /** A JSON-friendly copy of the tracker (stored in the offset log). */
  toState(): WatermarkState {
    return { policy: this.policy, inputsMs: [...this.inputs], watermarkMs: this.current };
  }

  /** Restores a state saved by `toState()`; the policy must match (it cannot change on restart). */
  restore(state: WatermarkState): void {
    for (let i = 0; i < this.inputs.length; i++) this.inputs[i] = state.inputsMs[i] ?? null;
    this.current = state.watermarkMs;
  }
}
