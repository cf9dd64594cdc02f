/**
 * What a query needs to resume: the checkpoint port. The in-memory store here keeps it across
 * stop/start in one process (the test kit's `stopStream`/`startStream`); the checkpoint issue adds
 * a file store with Spark's layout (`metadata`, `offsets/N`, `commits/N`, `state/`).
 */
import type { StateSnapshot } from '../exec/operator.js';
import type { Offset } from '../ports.js';
import type { WatermarkState } from '../watermark/tracker.js';

export interface CheckpointData {
  /** The query id, stable across restarts. */
  queryId: string;
  /** The next batch to run. */
  nextBatchId: number;
  /** Committed end offset of every source, by source description. */
  offsets: Record<string, Offset | null>;
  watermark: WatermarkState | undefined;
  /** The watermark the last committed batch ran with: the next batch judges late rows by it. */
  previousBatchWatermarkMs?: number;
  /** Sources' resolved initial offsets (`Source.initialOffset()`), by source description. */
  initialOffsets?: Record<string, Offset>;
  /** Stateful operators' state as of the last committed batch. */
  operators: StateSnapshot[];
}

export interface CheckpointStore {
  /** The saved data, read synchronously when the query starts (its id is needed at once). */
  load(): CheckpointData | undefined;
  /** Called when the query stops cleanly, with everything committed so far. */
  save(data: CheckpointData): void | Promise<void>;
}

/**
 * Keeps one checkpoint in memory (what `checkpointLocation: 'memory:<name>'` uses).
 *
 * @example
 * new StreamingSession({ checkpointStore: () => new MemoryCheckpointStore() });
 */
export class MemoryCheckpointStore implements CheckpointStore {
  private data: CheckpointData | undefined;

  load(): CheckpointData | undefined {
    return this.data === undefined ? undefined : structuredClone(this.data);
  }

  save(data: CheckpointData): void {
    this.data = structuredClone(data);
  }
}
