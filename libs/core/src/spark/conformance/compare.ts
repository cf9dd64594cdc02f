/**
 * Expected (Spark's fixture) vs observed (StreamLab's replay) per step: rows, watermark,
 * numRowsDroppedByWatermark, number of batches (and, when that matches, each batch's watermark and
 * row count); or rejection vs acceptance. Each difference is
 * one line that says what differed, with expected and got.
 */
import { diffRows, rowKey } from '../../testing/index.js';
import type { BatchResult, Case, CaseResult, StepResult } from './dsl.js';

const MAX_ROWS_SHOWN = 6;

function rowsText(keys: readonly string[]): string {
  if (keys.length === 0) return '-';
  const shown = keys.slice(0, MAX_ROWS_SHOWN).join(' ');
  return keys.length > MAX_ROWS_SHOWN ? `${shown} ... (${keys.length} rows)` : shown;
}

function describe(r: CaseResult): string {
  if ('unsupported' in r) return `StreamLab cannot express it (${r.unsupported})`;
  if ('rejected' in r) return `rejected at ${r.rejected.stage}: ${r.rejected.error}: ${r.rejected.message.split('\n')[0]}`;
  return `accepted (ran ${r.steps.length} steps${r.failed ? `, failed at step ${r.failed.step}` : ''})`;
}

const dropsOf = (batches: readonly BatchResult[]): number[] => {
  const perOp: number[] = [];
  for (const b of batches) b.stateOperators.forEach((o, i) => (perOp[i] = (perOp[i] ?? 0) + o.numRowsDroppedByWatermark));
  return perOp;
};
const total = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const sortedNums = (xs: readonly number[]): string => JSON.stringify([...xs].sort((a, b) => a - b));
const inputRows = (batches: readonly BatchResult[]): string => batches.map((b) => b.numInputRows).join(', ') || 'none';
const wmText = (w: number | null): string => (w === null ? 'absent' : String(w));

function compareStep(c: Case, i: number, exp: StepResult, got: StepResult, out: string[]): void {
  const at = `step ${i}`;
  const expRows = exp.batches.flatMap((b) => b.rows);
  const gotRows = got.batches.flatMap((b) => b.rows);
  const ordered = c.query.some((op) => 'sort' in op);
  const before = out.length;
  if (ordered) {
    const e = expRows.map(rowKey);
    const g = gotRows.map(rowKey);
    if (e.join('\n') !== g.join('\n')) out.push(`${at}: rows (in order) expected ${rowsText(e)}; got ${rowsText(g)}`);
  } else {
    const { missing, unexpected } = diffRows(expRows, gotRows);
    if (missing.length || unexpected.length) {
      out.push(`${at}: rows: missing ${rowsText(missing)}; unexpected ${rowsText(unexpected)} (expected ${expRows.length} rows, got ${gotRows.length})`);
    }
  }
  if (exp.watermark !== got.watermark) out.push(`${at}: watermark expected ${wmText(exp.watermark)}, got ${wmText(got.watermark)}`);
  const ed = dropsOf(exp.batches);
  const gd = dropsOf(got.batches);
  if (total(ed) !== total(gd) || (ed.length === gd.length && sortedNums(ed) !== sortedNums(gd))) {
    out.push(`${at}: numRowsDroppedByWatermark expected ${total(ed)} (per operator ${JSON.stringify(ed)}), got ${total(gd)} (${JSON.stringify(gd)})`);
  }
  if (exp.batches.length !== got.batches.length) {
    out.push(`${at}: batches expected ${exp.batches.length} (input rows ${inputRows(exp.batches)}), got ${got.batches.length} (${inputRows(got.batches)})`);
    return;
  }
  // Same number of batches: each batch's watermark and how many rows it emitted.
  const wms = (bs: readonly BatchResult[]) => bs.map((b) => wmText(b.watermark ?? null)).join(', ');
  if (wms(exp.batches) !== wms(got.batches)) out.push(`${at}: watermark per batch expected ${wms(exp.batches)}, got ${wms(got.batches)}`);
  const counts = (bs: readonly BatchResult[]) => bs.map((b) => b.rows.length).join(', ');
  const rowsDiffer = out.length > before && out[before]!.startsWith(`${at}: rows`);
  if (!rowsDiffer && counts(exp.batches) !== counts(got.batches))
    out.push(`${at}: the same rows, but emitted by other batches: rows per batch expected ${counts(exp.batches)}, got ${counts(got.batches)}`);
}

/**
 * The differences between Spark's result and StreamLab's, one line each (empty: the same).
 *
 * @example
 * compareResults(fixture.case, fixture.result, await replay(fixture.case)); // [] when StreamLab matches Spark
 */
export function compareResults(c: Case, expected: CaseResult, got: CaseResult): string[] {
  const out: string[] = [];
  if ('unsupported' in got) return [`Spark ${describe(expected)}; ${describe(got)}`];
  if ('rejected' in expected || 'rejected' in got) {
    if (!('rejected' in expected) || !('rejected' in got)) return [`Spark ${describe(expected)}; StreamLab ${describe(got)}`];
    for (const m of c.rejectionMentions ?? []) {
      if (!got.rejected.message.toLowerCase().includes(m.toLowerCase())) {
        out.push(
          `both reject, but StreamLab's error does not mention "${m}" as Spark's does: StreamLab ${got.rejected.error}: ${got.rejected.message.split('\n')[0]} | Spark: ${expected.rejected.message.split('\n')[0]}`,
        );
      }
    }
    return out;
  }
  if ('unsupported' in expected) return [`fixture says unsupported: ${expected.unsupported}`];
  if (expected.failed) out.push(`Spark failed at step ${expected.failed.step}: ${expected.failed.message}`);
  if (got.failed) out.push(`StreamLab failed at step ${got.failed.step}: ${got.failed.error}: ${got.failed.message.split('\n')[0]}`);
  const n = Math.min(expected.steps.length, got.steps.length);
  for (let i = 0; i < n; i++) compareStep(c, i, expected.steps[i]!, got.steps[i]!, out);
  return out;
}
