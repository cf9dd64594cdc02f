/**
 * Totals of a query since it started: what a dashboard shows as "late rows dropped" or
 * "malformed" must count every batch of the query, not only the batches since the page opened
 * (the same numbers `/metrics` counts). Isomorphic: the server keeps them, the browser reads them.
 */

/** Counts over every batch of a query since it started. */
export interface QueryTotals {
  /** Batches run. */
  batches: number;
  /** Input rows of every batch. */
  inputRows: number;
  /** Rows dropped by the watermark (summed over the stateful operators). */
  lateRows: number;
  /** Records its sources could not decode (counted, and dead-lettered by the source that owns the topic's dead letters). */
  invalidRows: number;
}

/** The progress fields totals are made of (a sink's partial progress or a completed batch's). */
export interface TotalsInput {
  numInputRows: number;
  stateOperators: readonly { numRowsDroppedByWatermark: number }[];
  sources: readonly { metrics?: Record<string, string | number> }[];
}

/** @example emptyTotals(); // { batches: 0, inputRows: 0, lateRows: 0, invalidRows: 0 } */
export function emptyTotals(): QueryTotals {
  return { batches: 0, inputRows: 0, lateRows: 0, invalidRows: 0 };
}

/**
 * Adds one batch to `totals` (in place) and returns it. Invalid rows are a running total the
 * sources keep (`numInvalidRowsTotal`), so the newest batch's sum is the total.
 *
 * @example
 * const t = emptyTotals();
 * addBatch(t, progress); // t.lateRows: rows this batch dropped, added to the earlier ones
 */
export function addBatch(totals: QueryTotals, p: TotalsInput): QueryTotals {
  totals.batches += 1;
  totals.inputRows += p.numInputRows;
  for (const op of p.stateOperators) totals.lateRows += op.numRowsDroppedByWatermark;
  let invalid = 0;
  let known = false;
  for (const s of p.sources) {
    const n = Number(s.metrics?.['numInvalidRowsTotal']);
    if (Number.isFinite(n)) {
      invalid += n;
      known = true;
    }
  }
  if (known) totals.invalidRows = Math.max(totals.invalidRows, invalid);
  return totals;
}
