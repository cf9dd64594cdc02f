/**
 * Builds `BatchInfo` objects for tests of sinks and dashboards (what the engine hands a sink).
 */
import type { BatchInfo, OutputMode, StateOperatorProgress, StreamingQueryProgress } from '@streamlab/core';

export interface BatchInfoInput {
  batchId: number;
  outputMode: OutputMode;
  keyFields?: string[];
  watermarkMs?: number;
  removed?: unknown[];
  numInputRows?: number;
  inputRowsPerSecond?: number;
  processedRowsPerSecond?: number;
  /** Max event time of the batch, epoch ms. */
  maxEventTimeMs?: number;
  lateRows?: number;
  stateRows?: number;
  durationMs?: number;
  batchTimestampMs?: number;
}

/**
 * @example
 * sink.addBatch(rows, makeBatchInfo({ batchId: 0, outputMode: 'update', keyFields: ['word'] }));
 */
export function makeBatchInfo(i: BatchInfoInput): BatchInfo {
  const ts = i.batchTimestampMs ?? 1_700_000_000_000 + i.batchId * 1000;
  const ops: StateOperatorProgress[] =
    i.lateRows !== undefined || i.stateRows !== undefined
      ? [
          {
            operatorName: 'stateStoreSave',
            numRowsTotal: i.stateRows ?? 0,
            numRowsUpdated: 0,
            numRowsRemoved: 0,
            numRowsDroppedByWatermark: i.lateRows ?? 0,
            memoryUsedBytes: 0,
          },
        ]
      : [];
  return {
    batchId: i.batchId,
    outputMode: i.outputMode,
    watermarkMs: i.watermarkMs ?? 0,
    batchTimestampMs: ts,
    endOffsets: {},
    removed: i.removed ?? [],
    keyFields: i.keyFields ?? [],
    progress: {
      id: 'q-id',
      runId: 'run-id',
      name: null,
      batchId: i.batchId,
      timestamp: new Date(ts).toISOString(),
      numInputRows: i.numInputRows ?? 0,
      inputRowsPerSecond: i.inputRowsPerSecond ?? 0,
      processedRowsPerSecond: i.processedRowsPerSecond ?? 0,
      durationMs: i.durationMs !== undefined ? { triggerExecution: i.durationMs } : {},
      eventTime: {
        ...(i.maxEventTimeMs !== undefined ? { max: new Date(i.maxEventTimeMs).toISOString() } : {}),
        ...(i.watermarkMs !== undefined ? { watermark: new Date(i.watermarkMs).toISOString() } : {}),
      },
      stateOperators: ops,
      sources: [],
    },
  };
}

/**
 * A completed batch's full progress (what `query.on('progress')` delivers), for tests.
 *
 * @example
 * hub.recordProgress('demo', makeProgress({ batchId: 0, outputMode: 'update', durationMs: 40 }, 'counts'));
 */
export function makeProgress(i: BatchInfoInput, name: string): StreamingQueryProgress {
  const p = makeBatchInfo(i).progress;
  const d = i.durationMs ?? 0;
  return {
    ...p,
    name,
    durationMs: { getBatch: 0, addBatch: d, latestOffset: 0, walCommit: 0, commitOffsets: 0, triggerExecution: d },
    sink: { description: 'test', numOutputRows: 0 },
  };
}
