/**
 * The checkpoint and progress side shared by the keyed stateful operators (flatMapGroupsWithState,
 * pattern): both keep their per-key state in a `KeyedState` and report, commit and snapshot it
 * the same way; subclasses run batches, decide when no-data batches are due and restore.
 */
import type { BatchContext } from '../../../exec/batch-context.js';
import type { PhysicalOperator, StateChanges, StatefulOperator, StateSnapshot } from '../../../exec/operator.js';
import type { StateOperatorProgress } from '../../../progress.js';
import type { InMemoryStateStore } from '../../../state/memory-store.js';
import { KeyedState } from './keyed-state.js';

/**
 * @example
 * class MyOperator extends KeyedStateOperator<{ n: number }> {
 *   readonly name = 'my';
 *   readonly operatorName = 'my';
 *   constructor(operatorId: number) { super(operatorId, 'my'); }
 *   // execute, needsNoDataBatch, restore
 * }
 */
export abstract class KeyedStateOperator<S> implements PhysicalOperator, StatefulOperator {
  abstract readonly name: string;
  abstract readonly operatorName: string;
  readonly operatorId: number;
  readonly store: InMemoryStateStore<unknown, S>;
  protected readonly state: KeyedState<S>;

  /** `stateName` names the operator in late-row and invalid-row reports. */
  constructor(operatorId: number, stateName: string) {
    this.operatorId = operatorId;
    this.state = new KeyedState(operatorId, stateName);
    this.store = this.state.store;
  }

  abstract execute(ctx: BatchContext): unknown[];
  abstract needsNoDataBatch(nextWatermarkMs: number, nextBatchTimestampMs: number): boolean;
  abstract restore(snapshot: StateSnapshot): void;

  progress(): StateOperatorProgress {
    return this.state.progress(this.operatorName);
  }

  commit(_batchId: number): void {
    this.store.commit();
  }

  snapshot(): StateSnapshot {
    return this.state.snapshot(this.operatorId);
  }

  /** The changes of the last committed batch, for delta checkpoints (`[key, state]`). */
  stateChanges(): StateChanges {
    return this.state.stateChanges();
  }
}
