/**
 * What the simulator emits: each record in an envelope that also carries its ground truth. Outputs
 * write `record` (or `text`) to the data stream and the label to a separate side channel
 * (a `.labels.ndjson` file, a `<topic>.labels` topic) that pipelines never read; an evaluation
 * joins the two on `seq`/`id` to score a detector.
 */

/** How a record was disturbed on its way, if it was. */
export type DisorderKind = 'out-of-order' | 'late' | 'duplicate' | 'malformed';

/** How a malformed record was broken. */
export type MalformedKind = 'missing-time' | 'bad-time' | 'truncated' | 'not-json' | 'custom';

/** Ground truth about one emitted record. */
export interface Label {
  /** The scenario whose incident produced this record (absent for normal behaviour). */
  scenario?: string;
  /** The incident, e.g. `fraud-ring-3`. */
  incidentId?: string;
  /** Set when the record was disturbed in transit. */
  disorder?: DisorderKind;
  /** Out-of-order, late and duplicate records: how far (event time, ms) it was held back. */
  delayMs?: number;
  /** Malformed records: how it was broken. */
  malformed?: MalformedKind;
}

/**
 * One emitted record with its ground truth.
 *
 * @example
 * for await (const { key, record, label } of iterateSimulation(model, options)) { ... }
 */
export interface Envelope<R> {
  /** Position of the record in the generated stream (a duplicate repeats the original's `seq`). */
  seq: number;
  /** The entity id: the Kafka message key; records of one key keep their order. */
  key: string;
  /** The record's event time (epoch ms). */
  eventTimeMs: number;
  /** Simulated time at which the record is emitted (>= eventTimeMs when it was held back). */
  emitMs: number;
  /** The record as the model produced it. */
  record: R;
  /** Malformed records only: the broken text written instead of `record`. */
  text?: string;
  /** Ground truth, when there is any (scenario or disorder). Never written to the data stream. */
  label?: Label;
}

/** One started incident: what a scenario did, to whom, and when (simulated time). */
export interface IncidentInfo {
  id: string;
  scenario: string;
  startMs: number;
  endMs: number;
  keys: readonly string[];
}

/** A line of the label side channel. */
export type LabelLine = ({ kind: 'record'; seq: number; id: string; key: string; eventTimeMs: number } & Label) | ({ kind: 'incident' } & IncidentInfo);

/**
 * The wire text of an envelope's record: `text` for malformed records, JSON otherwise.
 *
 * @example
 * recordText({ seq: 0, key: 'a', eventTimeMs: 0, emitMs: 0, record: { x: 1 } }); // '{"x":1}'
 */
export function recordText<R>(env: Envelope<R>): string {
  return env.text ?? JSON.stringify(env.record);
}

/**
 * The side-channel line for a labelled envelope (`id` from the model's `recordId`, else `seq`).
 *
 * @example
 * labelLine(env, String(env.seq)); // { kind: 'record', seq, id, key, eventTimeMs, scenario, ... }
 */
export function labelLine<R>(env: Envelope<R>, id: string): LabelLine {
  return { kind: 'record', seq: env.seq, id, key: env.key, eventTimeMs: env.eventTimeMs, ...env.label };
}
