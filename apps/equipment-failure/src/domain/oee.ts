/**
 * Overall Equipment Effectiveness, as Nakajima defined it and ISO 22400-2:2014 standardises it
 * (KPIs "availability", "effectiveness" and "quality ratio"):
 *
 * - availability = run time / planned production time (planned busy time: running, setup and
 *   breakdowns count; scheduled idle time such as breaks and unstaffed shifts does not)
 * - performance  = ideal cycle time x total count / run time
 * - quality      = good count / total count
 * - OEE          = availability x performance x quality
 *
 * Sums, not averages, are what add up across machines and late data: a line's figure is computed
 * from the summed times and counts of its machines, so a late record changes the sums and the
 * ratios are recomputed from them.
 */

/** The additive inputs of OEE for one line (or machine) over one period. */
export interface OeeTotals {
  plannedMs: number;
  runMs: number;
  /** Sum over parts of their machine's ideal cycle time: the run time a perfect line would have needed. */
  idealMs: number;
  totalCount: number;
  goodCount: number;
}

export interface Oee {
  availability: number;
  performance: number;
  quality: number;
  oee: number;
}

/**
 * The three factors and their product; a factor with nothing to measure (no planned time, no
 * run time, no parts) is 0, so an idle period shows 0 % rather than NaN.
 *
 * @example
 * oee({ plannedMs: 100, runMs: 90, idealMs: 81, totalCount: 10, goodCount: 9 }); // { availability: 0.9, performance: 0.9, quality: 0.9, oee: 0.729 }
 */
export function oee(t: OeeTotals): Oee {
  const availability = t.plannedMs > 0 ? t.runMs / t.plannedMs : 0;
  // capped at 1: a machine cannot beat its ideal cycle time; above 1 means the catalog is wrong
  const performance = t.runMs > 0 ? Math.min(1, t.idealMs / t.runMs) : 0;
  const quality = t.totalCount > 0 ? t.goodCount / t.totalCount : 0;
  return { availability, performance, quality, oee: availability * performance * quality };
}

/** Whether a state is planned production time (idle is not: breaks, unstaffed shifts). */
export const isPlanned = (state: string): boolean => state !== 'idle';
