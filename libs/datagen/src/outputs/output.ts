/**
 * Where a simulation's envelopes go. An output gets one batch at a time (cross an `await` once
 * per batch, never per record) and writes records to the data stream and labels to a side
 * channel the pipelines do not read.
 */
import type { Envelope, IncidentInfo } from '../envelope.js';

/** One batch handed to an output. */
export interface SimBatch<R> {
  readonly envelopes: readonly Envelope<R>[];
  /** Incidents that started in this batch. */
  readonly incidents: readonly IncidentInfo[];
  /** The label side channel's id for an envelope (the model's `recordId`, else `seq`). */
  recordId(env: Envelope<R>): string;
}

/** A destination for simulated records (Kafka topic, NDJSON file, memory...). */
export interface SimOutput<R> {
  /** Shown in logs and the summary, e.g. `ndjson:out/payments.ndjson`. */
  readonly description: string;
  write(batch: SimBatch<R>): Promise<void> | void;
  /** Flushes and releases resources. */
  close?(): Promise<void> | void;
}
