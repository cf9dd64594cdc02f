/**
 * Progress of one micro-batch, with Spark's field names (`StreamingQueryProgress`), so that
 * what people learned to read in Spark reads the same here.
 */
export interface StateOperatorProgress {
  operatorName: string;
  numRowsTotal: number;
  numRowsUpdated: number;
  numRowsRemoved: number;
  numRowsDroppedByWatermark: number;
  memoryUsedBytes: number;
  /** Extension: rows routed to the late-data side output by this operator. */
  numLateRowsRouted?: number;
  /**
   * Spark's `customMetrics`: operator-specific counters of this batch, absent when the operator has
   * none (dedup: `numDroppedDuplicateRows`).
   */
  customMetrics?: Record<string, number>;
}

export interface SourceProgress {
  description: string;
  startOffset: unknown;
  endOffset: unknown;
  latestOffset: unknown;
  numInputRows: number;
  inputRowsPerSecond: number;
  processedRowsPerSecond: number;
  metrics?: Record<string, string | number>;
}

export interface SinkProgress {
  description: string;
  numOutputRows: number;
}

export interface StreamingQueryProgress {
  /** Stable across restarts from the same checkpoint. */
  id: string;
  /** New on every start. */
  runId: string;
  name: string | null;
  batchId: number;
  /** ISO-8601 time the batch started. */
  timestamp: string;
  numInputRows: number;
  inputRowsPerSecond: number;
  processedRowsPerSecond: number;
  durationMs: {
    getBatch: number;
    addBatch: number;
    latestOffset: number;
    walCommit: number;
    commitOffsets: number;
    triggerExecution: number;
  };
  /** ISO-8601 strings as in Spark; absent fields mean "no rows with event time in this batch". */
  eventTime: { min?: string; max?: string; avg?: string; watermark?: string };
  stateOperators: StateOperatorProgress[];
  sources: SourceProgress[];
  sink: SinkProgress;
  /** Extension: bad input rows routed to the error output in this batch. */
  numInvalidRows?: number;
}
