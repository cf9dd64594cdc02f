/**
 * Conformance cases (tools/spark-conformance/cases) where StreamLab differs from Spark 3.5 today.
 * `conformance.spec.ts` asserts that each listed case STILL differs: fix the engine, and the spec
 * fails until the case is removed from this list. Every case not listed must match Spark.
 *
 * One line per case: what differs and the issue-12 item it waits for (see `issues show 12`).
 * `CONFORMANCE_REPORT=1 npx vitest run libs/core/src/spark` prints each case's differences.
 */
export const KNOWN_DIFFERENCES: Readonly<Record<string, string>> = {
  // item 6: MemoryStream.addData([]) runs a zero-row batch, and a global aggregate counts as updated
  'agg-global-update': 'item 6: a global aggregate (no keys) emits its row in every batch in update mode, zero-row batches included ({n: 0, others null} before any data)',
  'agg-global-complete': 'item 6: a global aggregate over no rows yet is the row {n: 0, total: null} in complete mode',

  // missing feature: chained stateful operators (Spark 3.4+ accepts them in append mode)



  // joins
  'join-left-outer-max-policy': 'outer joins: a left row emitted unmatched before the right input had any row lacks the right columns (Spark: rkey, rts, rv null)',
};

/**
 * Cases where StreamLab differs from Spark on purpose: named extensions documented in
 * SEMANTICS.md ("Extensions beyond Spark"). Asserted to differ, like KNOWN_DIFFERENCES, but they
 * are not expected to go away.
 */
export const EXTENSIONS: Readonly<Record<string, string>> = {
  'session-update-rejected': 'extension: session windows in update mode (Spark rejects them; StreamLab runs them, emitting merged sessions and retracting replaced ones)',
};
