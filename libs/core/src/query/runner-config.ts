/** What a query's runner is built with (`MicroBatchRunner`, and the `BatchRunner` it drives). */
import type { InvalidRecord } from '../exec/batch-context.js';
import type { CompiledPlan } from '../plan/compile.js';
import type { Clock, Logger, OutputMode, ReadLimit, Sink } from '../ports.js';
import type { StreamingQueryProgress } from '../progress.js';
import type { MultipleWatermarkPolicy } from '../watermark/tracker.js';
import type { BatchCoordinator } from './lockstep.js';
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
  /**
   * Under the default trigger, how long to wait for new data before asking sources without
   * `onData` again: `firstPollMs` after a batch that read data (Spark's `pollingDelay`, 10 ms: a
   * live stream's next records are a few ms away), doubling while checks find nothing, up to
   * `pollMs` (an idle query asks the broker at most this often).
   */
  firstPollMs: number;
  pollMs: number;
  /** A worker of a parallel query (`query/lockstep.ts`): checks and watermarks go through the hub. */
  coordinator?: BatchCoordinator;
  onProgress(progress: StreamingQueryProgress): void;
  onStatus(message: string, isDataAvailable: boolean, isTriggerActive: boolean): void;
}
