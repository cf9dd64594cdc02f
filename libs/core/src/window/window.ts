/**
 * `window(ts, size, slide = size, startOffset = 0)`: tumbling and sliding event-time windows.
 * Half-open `[start, end)` intervals aligned to the epoch plus `startOffset`, one starting every
 * `slide`; a row belongs to every window that contains its event time (`ceil(size / slide)` at
 * most) and a row exactly on a boundary belongs to the window that starts there.
 */
import { parseDuration, type Duration } from '../duration.js';
import { StreamlabError } from '../errors.js';
import type { WindowSpec } from './window-spec.js';

/** A tumbling or sliding window spec; aggregation state is kept per pane of `gcd(size, slide)`. */
export interface TimeWindowSpec<F extends string = string> extends WindowSpec<'window'> {
  readonly kind: 'time';
  readonly timeColumn: F;
  readonly sizeMs: number;
  readonly slideMs: number;
  readonly startOffsetMs: number;
  /** `gcd(size, slide)`: the unit of state for sliding windows. */
  readonly paneMs: number;
}

/**
 * Groups by event-time windows of `size`, starting every `slide` (tumbling when omitted).
 *
 * @example
 * stream.groupBy(window('ts', '10 minutes', '5 minutes'), 'word').count();
 * // rows: { window: { start, end }, word, count }
 */
export function window<F extends string>(timeColumn: F, size: Duration, slide?: Duration, startOffset: Duration = 0): TimeWindowSpec<F> {
  const sizeMs = parseDuration(size, 'window size');
  const slideMs = slide === undefined ? sizeMs : parseDuration(slide, 'window slide');
  const startOffsetMs = typeof startOffset === 'number' ? startOffset : signedDuration(startOffset);
  if (sizeMs <= 0) {
    throw new StreamlabError('BAD_WINDOW', `window size must be positive, got ${String(size)}`, {
      value: size,
      hint: 'use a duration such as "10 minutes"',
    });
  }
  if (slideMs <= 0 || slideMs > sizeMs) {
    throw new StreamlabError('BAD_WINDOW', `window slide must be positive and at most the size (${sizeMs} ms), got ${String(slide)}`, {
      value: slide,
      hint: 'a slide longer than the window would leave gaps: use window(ts, size) for tumbling or a slide <= size',
    });
  }
  if (Math.abs(startOffsetMs) >= slideMs) {
    throw new StreamlabError('BAD_WINDOW', `window startOffset must be less than the slide (${slideMs} ms) in absolute value, got ${String(startOffset)}`, {
      value: startOffset,
      hint: 'as in Spark: e.g. window("ts", "1 hour", "1 hour", "15 minutes")',
    });
  }
  const paneMs = gcd(sizeMs, slideMs);
  return {
    kind: 'time',
    name: 'window',
    timeColumn,
    isMerging: false,
    sizeMs,
    slideMs,
    startOffsetMs,
    paneMs,
    describe: () => `window(${timeColumn}, ${sizeMs} ms, ${slideMs} ms, ${startOffsetMs} ms)`,
  };
}

function signedDuration(d: string): number {
  const t = d.trim();
  return t.startsWith('-') ? -parseDuration(t.slice(1), 'window startOffset') : parseDuration(t, 'window startOffset');
}

function gcd(a: number, b: number): number {
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** Start of the unit (`slide` or pane) of length `unitMs` containing `t`, aligned to `offsetMs`. */
export function alignedStart(t: number, unitMs: number, offsetMs: number): number {
  const r = (t - offsetMs) % unitMs;
  return r < 0 ? t - r - unitMs : t - r;
}

/**
 * The windows containing `t`, as starts, oldest first.
 *
 * @example
 * windowStartsFor(window('ts', 10, 5), 12); // [5, 10]
 */
export function windowStartsFor(spec: TimeWindowSpec, t: number): number[] {
  const last = alignedStart(t, spec.slideMs, spec.startOffsetMs);
  const out: number[] = [];
  for (let s = last; s > t - spec.sizeMs; s -= spec.slideMs) out.unshift(s);
  return out;
}
