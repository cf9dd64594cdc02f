/**
 * The conformance DSL (tools/spark-conformance/README.md): cases as data, interpreted by the Java
 * runner against real Spark and by `replay.ts` against StreamLab, and the fixtures Spark wrote.
 */

/** Column types: `timestamp` values are epoch ms (Spark: `timestamp_millis(col)`). */
export type ColumnType = 'timestamp' | 'long' | 'int' | 'double' | 'string' | 'boolean';
export type Schema = Readonly<Record<string, ColumnType>>;
export type Row = Record<string, unknown>;

export interface WindowArg {
  col: string;
  size: string;
  slide?: string;
  startOffset?: string;
}
export interface SessionArg {
  col: string;
  gap: string;
}
export interface GroupByArg {
  keys?: readonly string[];
  window?: WindowArg;
  sessionWindow?: SessionArg;
}
/** Output column → [function, column?]: count | sum | min | max | avg. */
export type AggArg = Readonly<Record<string, readonly [string, string?]>>;
export interface TimeRangeArg {
  leftTime: string;
  rightTime: string;
  min: string;
  max: string;
}
export type JoinTypeArg = 'inner' | 'leftOuter' | 'rightOuter' | 'fullOuter' | 'leftSemi';
export interface JoinArg {
  /** A stream-stream join: the right side's pipeline. */
  right?: Pipeline;
  /** A stream-static join: the name of a table in the case's `static`. */
  static?: string;
  type?: JoinTypeArg;
  /** Pairs [left column, right column], ANDed. */
  on: readonly (readonly [string, string])[];
  timeRange?: TimeRangeArg;
}

/** One op: an object with exactly one of these keys (`groupBy` comes with `agg`). */
export type Op =
  | { source: string }
  | { withWatermark: readonly [string, string] }
  | { select: readonly string[] }
  | { groupBy: GroupByArg; agg: AggArg }
  | { dropDuplicates: readonly string[] }
  | { dropDuplicatesWithinWatermark: readonly string[] }
  | { join: JoinArg }
  | { union: readonly Pipeline[] }
  | { sort: readonly (readonly [string, ('asc' | 'desc')?])[] };
export type Pipeline = readonly Op[];

export interface Step {
  /** Rows per input, all added at once (one batch); `[]` is Spark's `addData()` with no rows. */
  add: Readonly<Record<string, readonly Row[]>>;
}

export interface Case {
  id: string;
  title: string;
  inputs: Readonly<Record<string, Schema>>;
  static?: Readonly<Record<string, { schema: Schema; rows: readonly Row[] }>>;
  query: Pipeline;
  outputMode: 'append' | 'update' | 'complete';
  /** Spark's `spark.sql.streaming.multipleWatermarkPolicy` (default min). */
  watermarkPolicy?: 'min' | 'max';
  /** `false`: Spark's `spark.sql.streaming.noDataMicroBatches.enabled=false`. */
  noDataBatches?: boolean;
  /** The query is rejected, and both engines' errors mention each of these (case-insensitive). */
  rejectionMentions?: readonly string[];
  steps: readonly Step[];
}

export interface CaseFile {
  family: string;
  description: string;
  cases: Case[];
}

export interface OperatorDrops {
  operatorName: string;
  numRowsDroppedByWatermark: number;
}

export interface BatchResult {
  batchId: number;
  numInputRows: number;
  /** Epoch ms; absent when the progress had no `eventTime.watermark`. */
  watermark?: number;
  stateOperators: OperatorDrops[];
  rows: Row[];
}

export interface StepResult {
  /** The batches the step ran (data batch, then no-data batches). */
  batches: BatchResult[];
  /** `lastProgress.eventTime.watermark` after the step, epoch ms, or null when absent. */
  watermark: number | null;
}

/** What an engine did with a case. */
export type CaseResult =
  | { steps: StepResult[]; failed?: { step: number; error: string; message: string } }
  | { rejected: { stage: string; error: string; message: string } }
  /** StreamLab only: the case needs something its API cannot express. */
  | { unsupported: string };

export interface Fixture {
  id: string;
  family: string;
  spark: string;
  case: Case;
  result: CaseResult;
}
