/**
 * Where aggregation state lives in time. A bucket is a pane of `gcd(size, slide)` for windows, the
 * event time itself for a watermarked key column, or `0` without event time. These helpers give a
 * bucket's windows and the time it closes (when the watermark passes it, its state is removed).
 */
import { alignedStart, type TimeWindowSpec } from '../../window/window.js';

export class BucketGeometry {
  readonly window: TimeWindowSpec | undefined;
  readonly timeKey: boolean;
  /** Panes per window (1 for tumbling). */
  readonly panesPerWindow: number;

  constructor(window: TimeWindowSpec | undefined, timeKey: boolean) {
    this.window = window;
    this.timeKey = timeKey;
    this.panesPerWindow = window ? window.sizeMs / window.paneMs : 1;
  }

  /** The bucket of an event time. */
  bucketOf(t: number): number {
    const w = this.window;
    if (w) return alignedStart(t, w.paneMs, w.startOffsetMs);
    return this.timeKey ? t : 0;
  }

  /** Starts of the windows containing bucket `b`, oldest first (tumbling: `[b]`). */
  windowsOf(b: number): number[] {
    const w = this.window;
    if (!w) return [b];
    const out: number[] = [];
    for (let s = alignedStart(b, w.slideMs, w.startOffsetMs); s > b - w.sizeMs; s -= w.slideMs) out.unshift(s);
    return out;
  }

  /** End of a window starting at `s` (for time keys: the key time itself). */
  endOf(s: number): number {
    return this.window ? s + this.window.sizeMs : this.timeKey ? s : Infinity;
  }

  /** The time at which every window of bucket `b` has closed. */
  closeOf(b: number): number {
    const w = this.window;
    if (w) return alignedStart(b, w.slideMs, w.startOffsetMs) + w.sizeMs;
    return this.timeKey ? b : Infinity;
  }

  /** The buckets making up the window starting at `s`. */
  panesOf(s: number): number[] {
    const w = this.window;
    if (!w) return [s];
    const out: number[] = [];
    for (let p = s; p < s + w.sizeMs; p += w.paneMs) out.push(p);
    return out;
  }
}
