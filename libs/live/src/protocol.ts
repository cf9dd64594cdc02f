/**
 * The wire protocol between the socket.io sink and the dashboard kit. Isomorphic: imported by
 * the server and bundled into the browser, so it imports types only.
 *
 * Events on a use case's namespace (`/<use-case>`):
 * - `batch` ({@link BatchMessage}): one coalesced message per query per throttle interval.
 * - `snapshot` ({@link SnapshotMessage}): the current result table of a query, sent to a client
 *   when it connects (or catches up after falling behind), so late clients start complete.
 */
import type { OutputMode, StreamingQueryProgress } from '@streamlab/core';
import { addBatch, emptyTotals, type QueryTotals } from './query-totals.js';

/** The numbers of one micro-batch a dashboard shows (a digest of Spark's progress object). */
export interface BatchSummary {
  batchId: number;
  /** ISO-8601 processing time of the batch. */
  timestamp: string;
  /** Watermark the batch ran with, epoch ms (0 before any data). */
  watermarkMs: number;
  /** Max event time seen in the batch, epoch ms; null when the batch had no event-time rows. */
  maxEventTimeMs: number | null;
  inputRowsPerSecond: number;
  processedRowsPerSecond: number;
  /** Input rows of every batch this message covers. */
  numInputRows: number;
  /** Rows dropped by the watermark in every batch this message covers. */
  lateRows: number;
  /** Rows in state after the last batch (sum over the stateful operators). */
  stateRows: number;
  /** Batch duration as known when the sink ran (ms), or null. */
  durationMs: number | null;
  /** Counts over every batch since the query started (not only the batches a client saw). */
  totals: QueryTotals;
}

/** A query's result rows for one or more coalesced micro-batches. */
export interface BatchMessage<T = Record<string, unknown>> {
  query: string;
  outputMode: OutputMode;
  /** Grouping-key fields: in update mode the client keys its table by them. */
  keyFields: readonly string[];
  /** First and last batch ids this message covers (equal when nothing was coalesced). */
  firstBatchId: number;
  lastBatchId: number;
  /** update/complete: rows after coalescing; append: every row of the covered batches, in order. */
  rows: T[];
  /** update mode: rows retracted by the covered batches (matched by key fields). */
  removed: unknown[];
  /** append mode only: oldest rows cut to honour `maxRowsPerMessage` (counted, not silent). */
  truncatedRows: number;
  progress: BatchSummary;
  /** Server time the message was sent, epoch ms (for latency measurements). */
  sentAtMs: number;
}

/** The current result table of a query, for a client that connects late or caught up. */
export interface SnapshotMessage<T = Record<string, unknown>> {
  query: string;
  outputMode: OutputMode;
  keyFields: readonly string[];
  rows: T[];
  progress: BatchSummary | null;
  sentAtMs: number;
}

/** Server-to-client events of a use case namespace. */
export interface LiveServerEvents {
  batch: (msg: BatchMessage) => void;
  snapshot: (msg: SnapshotMessage) => void;
}

/**
 * Client-to-server events: any name a use case registered (`hub.clientEvents.on`), one payload
 * and an acknowledgement callback with the result (see `client-events.ts`).
 */
export type LiveClientEvents = Record<string, (payload: unknown, ack: (result: { ok: boolean; value?: unknown; error?: string }) => void) => void>;

type BatchProgressInput = Pick<
  StreamingQueryProgress,
  'batchId' | 'timestamp' | 'numInputRows' | 'inputRowsPerSecond' | 'processedRowsPerSecond' | 'eventTime' | 'stateOperators' | 'sources'
> & {
  durationMs: Partial<StreamingQueryProgress['durationMs']>;
};

/**
 * Digests a progress object (full or as known to a sink) into a {@link BatchSummary}; `totals`
 * are the query's since it started (default: this batch's alone).
 *
 * @example
 * summarizeProgress(info.progress, info.watermarkMs).lateRows; // rows dropped by the watermark
 */
export function summarizeProgress(p: BatchProgressInput, watermarkMs: number, totals?: QueryTotals): BatchSummary {
  let lateRows = 0;
  let stateRows = 0;
  for (const op of p.stateOperators) {
    lateRows += op.numRowsDroppedByWatermark;
    stateRows += op.numRowsTotal;
  }
  const max = p.eventTime.max === undefined ? Number.NaN : Date.parse(p.eventTime.max);
  const d = p.durationMs;
  const duration =
    d.triggerExecution ??
    (d.getBatch !== undefined || d.latestOffset !== undefined || d.addBatch !== undefined
      ? (d.getBatch ?? 0) + (d.latestOffset ?? 0) + (d.addBatch ?? 0) + (d.walCommit ?? 0)
      : null);
  return {
    batchId: p.batchId,
    timestamp: p.timestamp,
    watermarkMs,
    maxEventTimeMs: Number.isFinite(max) ? max : null,
    inputRowsPerSecond: finite(p.inputRowsPerSecond),
    processedRowsPerSecond: finite(p.processedRowsPerSecond),
    numInputRows: p.numInputRows,
    lateRows,
    stateRows,
    durationMs: duration,
    totals: totals ? { ...totals } : addBatch(emptyTotals(), p),
  };
}

function finite(n: number): number {
  return Number.isFinite(n) ? n : 0;
}
