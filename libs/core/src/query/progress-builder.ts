/** Builds Spark-shaped `StreamingQueryProgress` objects from one batch's numbers. */
import type { BatchRun } from '../exec/batch-run.js';
import type { Offset } from '../ports.js';
import type { StateOperatorProgress, StreamingQueryProgress } from '../progress.js';
import { isoTimestamp } from '../time/event-time.js';

export interface ProgressInput {
  id: string;
  runId: string;
  name: string | undefined;
  run: BatchRun;
  sourceDescriptions: string[];
  startOffsets: (Offset | null)[];
  endOffsets: (Offset | null)[];
  latestOffsets: (Offset | null)[];
  rowsPerSource: number[];
  /** `Source.metrics(latest)` of each source, if it has any. */
  sourceMetrics?: (Record<string, string | number> | undefined)[];
  durationMs: StreamingQueryProgress['durationMs'];
  /** Time since the previous batch started (for inputRowsPerSecond), ms. */
  sinceLastTriggerMs: number;
  stateOperators: StateOperatorProgress[];
  sinkDescription: string;
  numOutputRows: number;
}

function perSecond(rows: number, ms: number): number {
  return ms > 0 ? (rows * 1000) / ms : 0;
}

/**
 * @example
 * const p = buildProgress(input); p.numInputRows;
 */
export function buildProgress(i: ProgressInput): StreamingQueryProgress {
  const numInputRows = i.rowsPerSource.reduce((a, b) => a + b, 0);
  const exec = i.durationMs.triggerExecution;
  const et = i.run.eventTimeSummary();
  // As Spark: a query without a watermark has no `eventTime.watermark` (and no event-time stats).
  const eventTime: StreamingQueryProgress['eventTime'] = i.run.stats.length > 0 ? { watermark: isoTimestamp(i.run.watermarkMs) } : {};
  if (et && et.count > 0) {
    eventTime.min = isoTimestamp(et.minMs);
    eventTime.max = isoTimestamp(et.maxMs);
    eventTime.avg = isoTimestamp(Math.round(et.sumMs / et.count));
  }
  return {
    id: i.id,
    runId: i.runId,
    name: i.name ?? null,
    batchId: i.run.batchId,
    timestamp: isoTimestamp(i.run.batchTimestampMs),
    numInputRows,
    inputRowsPerSecond: perSecond(numInputRows, i.sinceLastTriggerMs),
    processedRowsPerSecond: perSecond(numInputRows, exec),
    durationMs: i.durationMs,
    eventTime,
    stateOperators: i.stateOperators,
    sources: i.sourceDescriptions.map((description, k) => ({
      description,
      startOffset: i.startOffsets[k] ?? null,
      endOffset: i.endOffsets[k] ?? null,
      latestOffset: i.latestOffsets[k] ?? null,
      numInputRows: i.rowsPerSource[k] ?? 0,
      inputRowsPerSecond: perSecond(i.rowsPerSource[k] ?? 0, i.sinceLastTriggerMs),
      processedRowsPerSecond: perSecond(i.rowsPerSource[k] ?? 0, exec),
      ...(i.sourceMetrics?.[k] ? { metrics: i.sourceMetrics[k] } : {}),
    })),
    sink: { description: i.sinkDescription, numOutputRows: i.numOutputRows },
    numInvalidRows: i.run.invalid.length,
  };
}
