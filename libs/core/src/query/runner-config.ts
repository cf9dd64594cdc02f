/** What a query's runner is built with (`MicroBatchRunner`, and the `BatchRunner` it drives). */
import type { InvalidRecord } from '../exec/batch-context.js';
import type { CompiledPlan } from '../plan/compile.js';
import type { Clock, Logger, OutputMode, ReadLimit, Sink } from '../ports.js';
import type { StreamingQueryProgress } from '../progress.js';
import type { MultipleWatermarkPolicy } from '../watermark/tracker.js';
import type { Trigger } from './trigger.js';

export interface RunnerConfig {
  id: string;
  runId: string;
  name: string | undefined;
  compiled: CompiledPlan;
  sink: Sink<unknown>;
  errorSink: Sink<InvalidRecord> | undefined;
  outputMode: OutputMode;
  trigger: Trigger;
  clock: Clock;
  logger: Logger;
  policy: MultipleWatermarkPolicy;
  readLimit: ReadLimit;
  /** Spark's `noDataMicroBatches.enabled`: false runs a batch only when there is new data. Default true. */
  noDataBatches?: boolean;
  keyFields: readonly string[];
  columns: readonly string[] | undefined;
  /** Poll interval for sources without `onData` under the default trigger. */
  pollMs: number;
  onProgress(progress: StreamingQueryProgress): void;
  onStatus(message: string, isDataAvailable: boolean, isTriggerActive: boolean): void;
}
