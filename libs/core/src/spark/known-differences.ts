/**
 * Conformance cases (tools/spark-conformance/cases) where StreamLab differs from Spark 3.5 today.
 * `conformance.spec.ts` asserts that each listed case STILL differs: fix the engine, and the spec
 * fails until the case is removed from this list. Every case not listed must match Spark.
 *
 * One line per case: what differs and the issue-12 item it waits for (see `issues show 12`).
 * `CONFORMANCE_REPORT=1 npx vitest run libs/core/src/spark` prints each case's differences.
 */
export const KNOWN_DIFFERENCES: Readonly<Record<string, string>> = {};

/**
 * Cases where StreamLab differs from Spark on purpose: named extensions documented in
 * SEMANTICS.md ("Extensions beyond Spark"). Asserted to differ, like KNOWN_DIFFERENCES, but they
 * are not expected to go away.
 */
export const EXTENSIONS: Readonly<Record<string, string>> = {
  'session-update-rejected':
    'extension: session windows in update mode (Spark rejects them; StreamLab runs them, emitting merged sessions and retracting replaced ones)',
};
