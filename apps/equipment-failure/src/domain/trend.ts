/**
 * Remaining useful life from a degradation trend: an ordinary least-squares line through the
 * recent (time, indicator) points, extrapolated to the failure threshold (indicator 1). A
 * straight line underestimates an accelerating degradation's slope, so its RUL errs late early
 * on and converges as the failure nears; that is why the work-order horizon is generous.
 */

export interface TrendFit {
  /** Indicator units per hour. */
  slopePerHour: number;
  /** The fitted indicator at the last point. */
  level: number;
  /** Time to reach 1 at that slope (ms); Infinity when not rising. */
  rulMs: number;
}

/**
 * Fits the points (times in ms) and extrapolates to 1.
 *
 * @example
 * fitTrend([0, 3_600_000], [0.2, 0.4]); // { slopePerHour: 0.2, level: 0.4, rulMs: 10_800_000 }
 */
export function fitTrend(times: readonly number[], xs: readonly number[]): TrendFit {
  const n = times.length;
  if (n < 2) return { slopePerHour: 0, level: xs[n - 1] ?? 0, rulMs: Number.POSITIVE_INFINITY };
  const t0 = times[n - 1]!;
  let st = 0;
  let sx = 0;
  for (let i = 0; i < n; i++) {
    st += (times[i]! - t0) / 3_600_000;
    sx += xs[i]!;
  }
  const mt = st / n;
  const mx = sx / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const dt = (times[i]! - t0) / 3_600_000 - mt;
    num += dt * (xs[i]! - mx);
    den += dt * dt;
  }
  const slope = den > 0 ? num / den : 0;
  // the line's value at the last point (t = 0 relative): mean + slope x (0 - mean time)
  const level = mx - slope * mt;
  const rulMs = slope > 0 ? Math.max(0, ((1 - level) / slope) * 3_600_000) : Number.POSITIVE_INFINITY;
  return { slopePerHour: slope, level, rulMs };
}
