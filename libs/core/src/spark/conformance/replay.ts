/**
 * Runs a conformance case through StreamLab as the Java runner runs it through Spark: start the
 * query (or record the rejection), then per step add the step's rows to its inputs at once, call
 * `processAllAvailable()`, and record every batch the step ran (progress and sink rows).
 */
import { MemorySink, StreamingSession, StreamlabError, type Logger, type StreamingQuery, type StreamingQueryProgress } from '../../index.js';
import { ManualClock } from '../../testing/index.js';
import { buildQuery, Unsupported } from './build-query.js';
import type { BatchResult, Case, CaseResult, Row, StepResult } from './dsl.js';

const silent: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silent,
};

let runs = 0;

/** A thrown value as `{ error, message }` (a StreamlabError's code as `error`). */
function describeError(e: unknown): { error: string; message: string } {
  if (e instanceof StreamlabError) {
    const cause = e.cause instanceof StreamlabError ? e.cause : undefined;
    return { error: cause ? `${e.code}/${cause.code}` : e.code, message: e.message };
  }
  return { error: e instanceof Error ? e.name : typeof e, message: e instanceof Error ? e.message : String(e) };
}

function watermarkOf(p: StreamingQueryProgress | null): number | null {
  const wm = p?.eventTime.watermark;
  return wm === undefined ? null : Date.parse(wm);
}

/**
 * @example
 * const result = await replay(fixture.case);
 */
export async function replay(c: Case): Promise<CaseResult> {
  const session = new StreamingSession({ clock: new ManualClock(0), logger: silent });
  const sink = new MemorySink<Row>(`conformance-${c.id}`);
  let query: StreamingQuery;
  let inputs: ReturnType<typeof buildQuery>['inputs'];
  let stage = 'definition';
  try {
    const built = buildQuery(c);
    inputs = built.inputs;
    stage = 'start';
    let writer = built.stream.writeStream
      .outputMode(c.outputMode)
      .sink(sink)
      .option('checkpointLocation', `memory:conformance-${c.id}-${runs++}`)
      .session(session);
    if (c.watermarkPolicy) writer = writer.option('multipleWatermarkPolicy', c.watermarkPolicy);
    if (c.noDataBatches === false) writer = writer.option('noDataMicroBatches', false);
    query = writer.start();
  } catch (e) {
    if (e instanceof Unsupported) return { unsupported: e.message };
    return { rejected: { stage, ...describeError(e) } };
  }

  const progress: StreamingQueryProgress[] = [];
  query.on('progress', (p) => progress.push(p));
  const steps: StepResult[] = [];
  let lastBatch = -1;
  try {
    for (const step of c.steps) {
      for (const [name, rows] of Object.entries(step.add)) {
        const input = inputs.get(name);
        if (!input) throw new Error(`${c.id}: step adds to unknown input ${name}`);
        input.addData(rows.map((r) => ({ ...r })));
      }
      await query.processAllAvailable();
      const fresh = new Map<number, StreamingQueryProgress>();
      for (const p of progress) if (p.batchId > lastBatch) fresh.set(p.batchId, p);
      const batches: BatchResult[] = [];
      for (const p of [...fresh.values()].sort((a, b) => a.batchId - b.batchId)) {
        const wm = watermarkOf(p);
        batches.push({
          batchId: p.batchId,
          numInputRows: p.numInputRows,
          ...(wm === null ? {} : { watermark: wm }),
          stateOperators: p.stateOperators.map((o) => ({ operatorName: o.operatorName, numRowsDroppedByWatermark: o.numRowsDroppedByWatermark })),
          rows: sink.batches.filter((b) => b.batchId === p.batchId).flatMap((b) => b.rows.slice()),
        });
        lastBatch = p.batchId;
      }
      steps.push({ batches, watermark: watermarkOf(query.lastProgress) });
    }
  } catch (e) {
    await query.stop();
    return { steps, failed: { step: steps.length, ...describeError(e) } };
  }
  await query.stop();
  return { steps };
}
